package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the real MovieLens 100k from {@code ../shared/datasets/ml-100k} beside the repository, if present. */
class MovieLensLoaderTest {

  private static Dataset movielens;

  /** The ml-100k folder: {@code -Dbahe.movielens=DIR}, else {@code shared/datasets/ml-100k} in a parent folder. */
  static Path locate() {
    String property = System.getProperty("bahe.movielens");
    if (property != null) {
      return Path.of(property);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/datasets/ml-100k");
      if (Files.isRegularFile(candidate.resolve("u.data"))) {
        return candidate;
      }
    }
    return null;
  }

  @BeforeAll
  static void load() {
    Path dir = locate();
    if (dir != null) {
      movielens = MovieLensLoader.load(dir, false).dataset();
    }
  }

  private static Dataset data() {
    assumeTrue(movielens != null, "MovieLens 100k not found: expected ../shared/datasets/ml-100k beside the "
        + "repository (or -Dbahe.movielens=DIR); skipping");
    return movielens;
  }

  @Test
  void countsMatchTheOriginalRelease() {
    Dataset d = data();
    assertThat(d.impressions()).hasSize(100_000);
    assertThat(d.histories()).hasSize(943);
    assertThat(d.items()).hasSize(1682);
    assertThat(d.histories().values().stream().mapToLong(UserHistory::size).sum()).isEqualTo(100_000);
    assertThat(d.types()).extracting(t -> t.name()).containsExactly("disliked", "liked", "neutral");
  }

  @Test
  void labelIsRatingAtLeastFour() {
    long positives = data().impressions().stream().filter(Impression::clicked).count();
    assertThat(positives).isEqualTo(55_375); // 34,174 fours + 21,201 fives
    // and the liked behaviours are exactly the positive ratings
    long liked = data().histories().values().stream()
        .mapToLong(h -> h.all(MovieLensLoader.LIKED).size()).sum();
    assertThat(liked).isEqualTo(positives);
  }

  @Test
  void itemTextHasTitleYearAndGenres() {
    Dataset d = data();
    assertThat(d.item("1").text()).isEqualTo("Toy Story (1995), Animation, Children's, Comedy");
    assertThat(d.item("12").text()).startsWith("The Usual Suspects (1995)");
  }

  @Test
  void historiesArePointInTime() {
    Dataset d = data();
    // user 196 rated movie 242 at 881250949 with 3 (the first line of u.data)
    Impression imp = d.impressions().stream()
        .filter(i -> i.userId().equals("196") && i.itemId().equals("242")).findFirst().orElseThrow();
    assertThat(imp.timestamp()).isEqualTo(881_250_949L);
    assertThat(imp.label()).isZero();
    UserHistory h = d.history("196");
    String ownText = d.item("242").text();
    for (var type : d.types()) {
      List<Behavior> before = h.recent(type, imp.timestamp(), Integer.MAX_VALUE);
      assertThat(before).allSatisfy(b -> assertThat(b.timestamp()).isLessThan(imp.timestamp()));
      assertThat(before).extracting(Behavior::text).doesNotContain(ownText);
    }
    // the rating itself becomes a neutral behaviour for the user's later impressions
    assertThat(h.recent(MovieLensLoader.NEUTRAL, imp.timestamp() + 1, Integer.MAX_VALUE))
        .extracting(Behavior::text).contains(ownText);
    // every user's behaviours before an impression are exactly their earlier ratings
    Map<String, Long> earlier = d.impressions().stream()
        .filter(i -> i.userId().equals("196") && i.timestamp() < imp.timestamp())
        .collect(Collectors.groupingBy(i -> i.itemId(), Collectors.counting()));
    long visible = d.types().stream().mapToLong(t -> h.recent(t, imp.timestamp(), Integer.MAX_VALUE).size()).sum();
    assertThat(visible).isEqualTo(earlier.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void typesFollowRatings() {
    assertThat(MovieLensLoader.typeOf(5)).isEqualTo(MovieLensLoader.LIKED);
    assertThat(MovieLensLoader.typeOf(4)).isEqualTo(MovieLensLoader.LIKED);
    assertThat(MovieLensLoader.typeOf(3)).isEqualTo(MovieLensLoader.NEUTRAL);
    assertThat(MovieLensLoader.typeOf(2)).isEqualTo(MovieLensLoader.DISLIKED);
    assertThat(MovieLensLoader.typeOf(1)).isEqualTo(MovieLensLoader.DISLIKED);
  }

  @Test
  void movieTextFormatting() {
    assertThat(MovieLensLoader.movieText("Usual Suspects, The (1995)", "14-Aug-1995", List.of("Crime")))
        .isEqualTo("The Usual Suspects (1995), Crime");
    assertThat(MovieLensLoader.movieText("Two Friends", "01-Jan-1986", List.of()))
        .isEqualTo("Two Friends (1986)");
  }

  @Test
  void malformedRatingLineNamesFileLineAndField(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("u.genre"), "unknown|0\nComedy|1\n\n");
    Files.writeString(dir.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||http://x|0|1\n");
    Files.writeString(dir.resolve("u.data"), "1\t1\t5\t100\n2\t1\tfive\t200\n3\t9\t4\t300\n");

    assertThatThrownBy(() -> MovieLensLoader.load(dir, false)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("u.data:2").hasMessageContaining("field 'rating'");

    LoadedDataset loaded = MovieLensLoader.load(dir, true);
    assertThat(loaded.report().skipped(BadRowReason.BAD_NUMBER)).isEqualTo(1);
    assertThat(loaded.report().unknownItemIds()).containsExactly("9");
    assertThat(loaded.dataset().impressions()).containsExactly(new Impression("1", "1", 100, 1));
    assertThat(loaded.dataset().item("1").text()).isEqualTo("Toy Story (1995), Comedy");
  }
}
