package dev.bahe.examples.data;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the canonical layout of DESIGN §4 ({@link TabularFormat}) from a directory, validating every row.
 *
 * <p>Rules: item ids are unique; texts are non-blank; timestamps are integers; labels are 0 or 1. Behaviour
 * types are taken from the {@code behaviors} file and ordered by name, which fixes the order of the
 * feature-parallel sequences. Impressions are returned in time order (stable for equal times). An impression
 * of an unknown item is skipped and reported; an impression of a user without behaviours is kept with an empty
 * history and reported (see {@link LoadReport}).
 */
final class TabularDatasetLoader {

  private static final Logger LOG = LoggerFactory.getLogger(TabularDatasetLoader.class);

  private TabularDatasetLoader() {}

  static LoadedDataset load(Path dir, TabularFormat format, boolean skipBadRows) {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir, 0, null, null,
          "dataset directory not found (expected items, behaviors and impressions ." + format.extension()
              + " files in it)");
    }
    LoadIssues issues = new LoadIssues(skipBadRows);
    Map<String, Item> items = readItems(format.itemsFile(dir), format, issues);
    Map<String, List<Behavior>> behaviors = new HashMap<>();
    TreeSet<BehaviorType> types = new TreeSet<>();
    long behaviorCount = readBehaviors(format.behaviorsFile(dir), format, issues, behaviors, types);
    List<Impression> impressions = readImpressions(format.impressionsFile(dir), format, issues, items, behaviors);

    Map<String, UserHistory> histories = new HashMap<>(behaviors.size() * 2);
    for (Map.Entry<String, List<Behavior>> e : behaviors.entrySet()) {
      histories.put(e.getKey(), UserHistory.of(e.getKey(), e.getValue()));
    }
    String name = dir.toAbsolutePath().normalize().getFileName() == null ? dir.toString()
        : dir.toAbsolutePath().normalize().getFileName().toString();
    Dataset dataset = new Dataset(name, List.copyOf(types), items, histories, impressions);
    LoadReport report = issues.report(format.extension(), dir.toString(), items.size(), histories.size(),
        behaviorCount, impressions.size());
    if (report.hasIssues()) {
      LOG.warn("{}", report.summary());
    } else {
      LOG.info("{}", report.summary());
    }
    return new LoadedDataset(dataset, report);
  }

  private static Map<String, Item> readItems(Path file, TabularFormat format, LoadIssues issues) {
    Map<String, Item> items = new LinkedHashMap<>();
    try (RowReader reader = RowReader.open(format, file, List.of("item_id", "text"))) {
      while (true) {
        try {
          Row row = reader.next();
          if (row == null) {
            break;
          }
          String id = row.id("item_id");
          String text = row.text("text");
          if (items.containsKey(id)) {
            throw row.error("item_id", BadRowReason.DUPLICATE_ID, "item '" + id + "' is defined twice");
          }
          items.put(id, new Item(id, text));
        } catch (DataFormatException e) {
          issues.badRow(e);
        }
      }
    }
    return items;
  }

  private static long readBehaviors(Path file, TabularFormat format, LoadIssues issues,
      Map<String, List<Behavior>> out, TreeSet<BehaviorType> types) {
    Map<String, String> texts = new HashMap<>();
    Map<String, BehaviorType> typeByName = new HashMap<>();
    long count = 0;
    try (RowReader reader = RowReader.open(format, file, List.of("user_id", "type", "timestamp", "text"))) {
      while (true) {
        try {
          Row row = reader.next();
          if (row == null) {
            break;
          }
          String user = row.id("user_id");
          String typeName = row.id("type");
          long timestamp = row.integer("timestamp");
          String text = texts.computeIfAbsent(row.text("text"), t -> t);
          BehaviorType type = typeByName.computeIfAbsent(typeName, BehaviorType::new);
          types.add(type);
          out.computeIfAbsent(user, u -> new ArrayList<>()).add(new Behavior(type, timestamp, text));
          count++;
        } catch (DataFormatException e) {
          issues.badRow(e);
        }
      }
    }
    return count;
  }

  private static List<Impression> readImpressions(Path file, TabularFormat format, LoadIssues issues,
      Map<String, Item> items, Map<String, List<Behavior>> behaviors) {
    List<Impression> impressions = new ArrayList<>();
    try (RowReader reader = RowReader.open(format, file, List.of("user_id", "item_id", "timestamp", "label"))) {
      while (true) {
        try {
          Row row = reader.next();
          if (row == null) {
            break;
          }
          String user = row.id("user_id");
          String item = row.id("item_id");
          long timestamp = row.integer("timestamp");
          int label = row.label("label");
          if (!items.containsKey(item)) {
            issues.unknownItem(item);
            continue;
          }
          if (!behaviors.containsKey(user)) {
            issues.unknownUser(user);
          }
          impressions.add(new Impression(user, item, timestamp, label));
        } catch (DataFormatException e) {
          issues.badRow(e);
        }
      }
    }
    impressions.sort(Comparator.comparingLong(Impression::timestamp));
    return impressions;
  }
}
