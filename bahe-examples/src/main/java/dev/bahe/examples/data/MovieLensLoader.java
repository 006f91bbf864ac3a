package dev.bahe.examples.data;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads MovieLens 100k (F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and
 * Context. ACM Transactions on Interactive Intelligent Systems 5, 4, Article 19) from its original folder layout,
 * read in place: {@code u.data} (tab-separated {@code user item rating timestamp}), {@code u.item}
 * ({@code |}-separated, ISO-8859-1: id, title with year, release date, video release date, IMDb URL, one 0/1 flag
 * per genre) and {@code u.genre} ({@code name|index}). The data is for research use and is never copied.
 *
 * <p>The usual LLM-CTR protocol:
 *
 * <ul>
 *   <li>every rating is an impression of that movie at its time, with label {@code rating >= 4};
 *   <li>every rating is also a behaviour of the user at its time, so it appears in the history of the user's
 *       later impressions only (histories are point-in-time, strictly before);
 *   <li>the behaviour and item text is {@code "title (year), genre, genre"}, e.g.
 *       {@code "Toy Story (1995), Animation, Children's, Comedy"}; English articles moved to the front
 *       ({@code "Usual Suspects, The"} becomes {@code "The Usual Suspects"});
 *   <li>behaviour types by rating: {@code liked} (4–5), {@code neutral} (3), {@code disliked} (1–2).
 * </ul>
 */
final class MovieLensLoader {

  private static final Logger LOG = LoggerFactory.getLogger(MovieLensLoader.class);

  static final BehaviorType LIKED = BehaviorType.of("liked");
  static final BehaviorType NEUTRAL = BehaviorType.of("neutral");
  static final BehaviorType DISLIKED = BehaviorType.of("disliked");

  private static final Pattern YEAR_AT_END = Pattern.compile("^(.*?)\\s*\\((\\d{4})\\)\\s*$");
  private static final Pattern TRAILING_ARTICLE = Pattern.compile("^(.*), (The|A|An)$");
  private static final Pattern DATE_YEAR = Pattern.compile(".*-(\\d{4})$");

  private MovieLensLoader() {}

  static LoadedDataset load(Path dir, boolean skipBadRows) {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir, 0, null, null,
          "MovieLens 100k directory not found (expected u.data, u.item and u.genre in it)");
    }
    LoadIssues issues = new LoadIssues(skipBadRows);
    List<String> genres = readGenres(dir.resolve("u.genre"));
    Map<String, Item> items = readItems(dir.resolve("u.item"), genres, issues);

    Map<String, List<Behavior>> behaviors = new HashMap<>();
    List<Impression> impressions = new ArrayList<>();
    long behaviorCount = 0;
    Path data = dir.resolve("u.data");
    try (SeparatedReader reader = new SeparatedReader(data, '\t', StandardCharsets.UTF_8,
        List.of("user_id", "item_id", "rating", "timestamp"))) {
      while (true) {
        try {
          Row row = reader.next();
          if (row == null) {
            break;
          }
          String user = row.id("user_id");
          String itemId = row.id("item_id");
          long rating = row.integer("rating");
          if (rating < 1 || rating > 5) {
            throw row.error("rating", BadRowReason.BAD_NUMBER, "rating must be 1..5, was " + rating);
          }
          long timestamp = row.integer("timestamp");
          Item item = items.get(itemId);
          if (item == null) {
            issues.unknownItem(itemId);
            continue;
          }
          impressions.add(new Impression(user, itemId, timestamp, rating >= 4 ? 1 : 0));
          behaviors.computeIfAbsent(user, u -> new ArrayList<>())
              .add(new Behavior(typeOf((int) rating), timestamp, item.text()));
          behaviorCount++;
        } catch (DataFormatException e) {
          issues.badRow(e);
        }
      }
    }
    impressions.sort(Comparator.comparingLong(Impression::timestamp));
    Map<String, UserHistory> histories = new HashMap<>(behaviors.size() * 2);
    behaviors.forEach((user, list) -> histories.put(user, UserHistory.of(user, list)));
    Dataset dataset = new Dataset("movielens-100k", List.of(DISLIKED, LIKED, NEUTRAL), items, histories,
        impressions);
    LoadReport report = issues.report("movielens", dir.toString(), items.size(), histories.size(), behaviorCount,
        impressions.size());
    LOG.info("{}", report.summary());
    return new LoadedDataset(dataset, report);
  }

  /** The behaviour type of a rating 1..5. */
  static BehaviorType typeOf(int rating) {
    return rating >= 4 ? LIKED : rating == 3 ? NEUTRAL : DISLIKED;
  }

  private static List<String> readGenres(Path file) {
    Map<Integer, String> byIndex = new TreeMap<>();
    try (SeparatedReader reader = new SeparatedReader(file, '|', StandardCharsets.ISO_8859_1,
        List.of("name", "index"))) {
      while (true) {
        Row row = reader.next();
        if (row == null) {
          break;
        }
        String name = row.id("name");
        long index = row.integer("index");
        if (index < 0 || index > 1000 || byIndex.put((int) index, name) != null) {
          throw row.error("index", null, "genre index " + index + " is out of range or repeated");
        }
      }
    }
    List<String> genres = new ArrayList<>(byIndex.values());
    for (int i = 0; i < genres.size(); i++) {
      if (!byIndex.containsKey(i)) {
        throw new DataFormatException(file, 0, "index", null, "genre indices must be 0.." + (genres.size() - 1)
            + " without gaps; " + i + " is missing");
      }
    }
    return genres;
  }

  private static Map<String, Item> readItems(Path file, List<String> genres, LoadIssues issues) {
    List<String> fields = new ArrayList<>(List.of("item_id", "title", "release_date", "video_release_date",
        "imdb_url"));
    for (String g : genres) {
      fields.add("genre:" + g);
    }
    Map<String, Item> items = new LinkedHashMap<>();
    try (SeparatedReader reader = new SeparatedReader(file, '|', StandardCharsets.ISO_8859_1, fields)) {
      while (true) {
        try {
          Row row = reader.next();
          if (row == null) {
            break;
          }
          String id = row.id("item_id");
          String title = row.text("title");
          List<String> itemGenres = new ArrayList<>();
          for (String g : genres) {
            String flag = row.raw("genre:" + g).strip();
            if (flag.equals("1")) {
              if (!g.equalsIgnoreCase("unknown")) {
                itemGenres.add(g);
              }
            } else if (!flag.equals("0")) {
              throw row.error("genre:" + g, BadRowReason.BAD_NUMBER, "genre flag must be 0 or 1, was '" + flag
                  + "'");
            }
          }
          if (items.containsKey(id)) {
            throw row.error("item_id", BadRowReason.DUPLICATE_ID, "movie '" + id + "' is defined twice");
          }
          items.put(id, new Item(id, movieText(title, row.raw("release_date"), itemGenres)));
        } catch (DataFormatException e) {
          issues.badRow(e);
        }
      }
    }
    return items;
  }

  /** {@code "title (year), genre, genre"}, with a trailing English article moved to the front. */
  static String movieText(String rawTitle, String releaseDate, List<String> genres) {
    String title = rawTitle.strip();
    String year = null;
    Matcher m = YEAR_AT_END.matcher(title);
    if (m.matches()) {
      title = m.group(1);
      year = m.group(2);
    } else if (releaseDate != null) {
      Matcher d = DATE_YEAR.matcher(releaseDate.strip());
      if (d.matches()) {
        year = d.group(1);
      }
    }
    Matcher a = TRAILING_ARTICLE.matcher(title);
    if (a.matches()) {
      title = a.group(2) + " " + a.group(1);
    }
    StringBuilder sb = new StringBuilder(title);
    if (year != null) {
      sb.append(" (").append(year).append(')');
    }
    for (String g : genres) {
      sb.append(", ").append(g);
    }
    return sb.toString();
  }
}
