package dev.bahe.spark.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.config.HeadInteractions;
import dev.bahe.core.config.HistorySummary;
import dev.bahe.core.config.ItemEncoding;
import dev.bahe.core.config.PositionOrigin;
import dev.bahe.core.config.SequenceOptions;
import dev.bahe.core.config.TypeShares;
import dev.bahe.core.config.UserSequence;
import dev.bahe.core.model.BehaviorSelector;
import dev.bahe.core.model.SelectedBehaviors;
import dev.bahe.encoders.Backbones;
import dev.bahe.spark.TestData;
import dev.bahe.spark.TestSpark;
import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.input.InputTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark history job selects, for every impression and type, exactly the behaviours the core's
 * {@link BehaviorSelector} selects (with a text budget that never cuts, so the selection is the most recent
 * {@code M} strictly before the impression), including the order of behaviours at equal times.
 */
class HistoryJobTest {

  private static final int K = 32;
  private static LayeredLanguageModel miniLm;

  @TempDir
  Path dir;

  @BeforeAll
  static void loadTokenizer() {
    miniLm = Backbones.miniLm();
  }

  @AfterAll
  static void close() {
    miniLm.close();
  }

  @Test
  @Tag("slow")
  void movieLensHistoriesEqualTheCoreSelectorForEveryImpression() {
    Path movielens = TestSpark.movieLensDir();
    assumeTrue(movielens != null, "MovieLens 100k not found (../shared/datasets/ml-100k); skipping");
    Dataset original = TestSpark.load("data.source=movielens", "data.path='" + movielens + "'");
    int checked = check(original, 20, 17L);
    assertThat(checked).isEqualTo(100_000);
  }

  @Test
  void syntheticHistoriesEqualTheCoreSelectorForEveryImpression() {
    Dataset original = TestSpark.load("data.source=synthetic", "data.syntheticUsers=150",
        "data.syntheticItems=300", "data.seed=5");
    int checked = check(original, 7, 3L);
    assertThat(checked).isEqualTo(original.impressions().size());
  }

  /** Writes {@code original} with shuffled behaviour rows, runs both paths on the file and compares; returns n. */
  private int check(Dataset original, int m, long seed) {
    Path data = TestData.writeShuffledTsv(original, dir.resolve("data"), seed);
    Dataset local = TestSpark.load("data.source=tsv", "data.path='" + data + "'");
    InputTables input = InputTables.read(TestSpark.session(), data.toString(), InputFormat.TSV, false);
    assertThat(input.types()).containsExactlyElementsOf(local.types().stream().map(BehaviorType::name).toList());

    List<Row> rows = HistoryJob.histories(input, m).sort("timestamp", "line").collectAsList();
    List<Impression> impressions = local.impressions();
    assertThat(rows).hasSize(impressions.size());

    int n = local.types().size();
    BehaviorSelector selector = new BehaviorSelector(local.types(),
        new SequenceOptions(m, n * m * K, K, K, ItemEncoding.TOKENS, TypeShares.HISTORY, HistorySummary.NONE,
        HeadInteractions.NONE, UserSequence.PER_TYPE, PositionOrigin.OLDEST),
        miniLm.tokenizer());
    int withTies = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      Impression imp = impressions.get(i);
      assertThat(row.<String>getAs("user_id")).isEqualTo(imp.userId());
      assertThat(row.<String>getAs("item_id")).isEqualTo(imp.itemId());
      assertThat(row.<Long>getAs("timestamp")).isEqualTo(imp.timestamp());
      assertThat(row.<Integer>getAs("label")).isEqualTo(imp.label());
      SelectedBehaviors selected = selector.select(local.history(imp.userId()), imp.timestamp());
      Map<String, scala.collection.immutable.Seq<Long>> history =
          CollectionConverters.asJava(row.<scala.collection.Map<String, scala.collection.immutable.Seq<Long>>>getAs(
              "history"));
      Map<String, scala.collection.immutable.Seq<Long>> times =
          CollectionConverters.asJava(row.<scala.collection.Map<String, scala.collection.immutable.Seq<Long>>>getAs(
              "times"));
      Map<String, Long> counts = CollectionConverters.asJava(row.<scala.collection.Map<String, Long>>getAs("counts"));
      assertThat(history.keySet()).hasSize(n);
      for (int t = 0; t < n; t++) {
        List<Long> expected = new ArrayList<>();
        List<Long> expectedTimes = new ArrayList<>();
        List<Behavior> behaviors = selected.behaviors().get(t);
        for (int j = 0; j < behaviors.size(); j++) {
          expected.add(selected.texts().get(t).get(j).key());
          expectedTimes.add(behaviors.get(j).timestamp());
          if (j > 0 && behaviors.get(j).timestamp() == behaviors.get(j - 1).timestamp()) {
            withTies++;
          }
        }
        String type = local.types().get(t).name();
        List<Long> actual = CollectionConverters.asJava(history.get(type));
        assertThat(actual).as("impression %d (%s at %d), type %s", i, imp.userId(), imp.timestamp(),
            local.types().get(t)).containsExactlyElementsOf(expected);
        assertThat(CollectionConverters.asJava(times.get(type))).containsExactlyElementsOf(expectedTimes);
        assertThat(counts.get(type)).as("behaviours of type %s before impression %d", type, i)
            .isEqualTo((long) local.history(imp.userId()).countBefore(local.types().get(t), imp.timestamp()));
      }
    }
    // the comparison covers behaviours at equal times, where only the file order decides
    assertThat(withTies).isPositive();
    return rows.size();
  }
}
