package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.metrics.Auc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {

  private static SyntheticData data;

  @BeforeAll
  static void generate() {
    data = SyntheticGenerator.generate(SyntheticSpec.of(600, 240, 7));
  }

  @Test
  void sizesAndTypesFollowTheSpec() {
    Dataset d = data.dataset();
    assertThat(d.histories()).hasSize(600);
    assertThat(d.items()).hasSize(240);
    assertThat(d.types()).extracting(BehaviorType::name)
        .containsExactly("cart", "click", "favourite", "purchase", "review", "search");
    assertThat(d.items().values()).extracting(Item::text).doesNotHaveDuplicates();
    // impressions are in time order and reference known users and items
    List<Impression> imps = d.impressions();
    for (int i = 1; i < imps.size(); i++) {
      assertThat(imps.get(i).timestamp()).isGreaterThanOrEqualTo(imps.get(i - 1).timestamp());
    }
    assertThat(imps).allSatisfy(i -> {
      assertThat(d.items()).containsKey(i.itemId());
      assertThat(d.histories()).containsKey(i.userId());
    });
  }

  @Test
  void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
    SyntheticSpec spec = new SyntheticSpec(80, 40, 123, 50, 8, 360);
    TabularDatasetWriter.write(SyntheticGenerator.generate(spec).dataset(), dir.resolve("a"), TabularFormat.TSV);
    TabularDatasetWriter.write(SyntheticGenerator.generate(spec).dataset(), dir.resolve("b"), TabularFormat.TSV);
    TabularDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSpec(80, 40, 124, 50, 8, 360)).dataset(),
        dir.resolve("c"), TabularFormat.TSV);
    for (String f : List.of("items.tsv", "behaviors.tsv", "impressions.tsv")) {
      assertThat(Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f))).as(f).isEqualTo(-1L);
    }
    assertThat(Files.mismatch(dir.resolve("a/behaviors.tsv"), dir.resolve("c/behaviors.tsv"))).isNotEqualTo(-1L);
  }

  @Test
  void behavioursRepeatHeavilyAcrossUsers() {
    Set<String> unique = new HashSet<>();
    long occurrences = 0;
    for (var h : data.dataset().histories().values()) {
      for (BehaviorType t : data.dataset().types()) {
        for (Behavior b : h.all(t)) {
          unique.add(b.text());
          occurrences++;
        }
      }
    }
    assertThat(occurrences).isBetween(600L * 100, 600L * 200);
    assertThat((double) occurrences / unique.size()).as("occurrences per unique behaviour").isGreaterThan(30);
    assertThat(unique).contains("searched: matcha latte near me");
  }

  @Test
  void labelsAreBalancedAndImpressionsComeAfterMostBehaviours() {
    Dataset d = data.dataset();
    double rate = d.impressions().stream().mapToInt(Impression::label).average().orElseThrow();
    assertThat(rate).isBetween(0.2, 0.5);
    long firstImpression = d.impressions().get(0).timestamp();
    long before = 0;
    long total = 0;
    for (var h : d.histories().values()) {
      for (BehaviorType t : d.types()) {
        before += h.recent(t, firstImpression, Integer.MAX_VALUE).size();
        total += h.all(t).size();
      }
    }
    assertThat((double) before / total).isGreaterThan(0.7);
  }

  @Test
  void theGenerativeLogitPredictsClicksWell() {
    assertThat(auc(data::trueLogit)).isGreaterThan(0.8);
  }

  /**
   * A history-reading oracle that knows the topic of each behaviour text: the share of the user's earlier
   * behaviours on the item's topic. With the whole history it beats the same oracle restricted to the last few
   * behaviours of each type, so old history carries signal; both beat chance by far, so labels depend on
   * history.
   */
  @Test
  void labelsDependOnHistoryIncludingOldHistory() {
    double full = auc(imp -> topicShare(imp, Integer.MAX_VALUE));
    double recent = auc(imp -> topicShare(imp, 5));
    assertThat(recent).isGreaterThan(0.6);
    assertThat(full).isGreaterThan(0.7);
    assertThat(full - recent).as("gain from old history").isGreaterThan(0.04);
  }

  /**
   * The demo's setting: with the long-term interest in 30 % of the recent behaviours, the labels are the same draws
   * as at the default, and the recent behaviours alone carry much of what the whole history does.
   */
  @Test
  void aHigherRecentLongTermShareMovesTheLongTermSignalIntoRecentHistoryWithTheSameLabels() {
    SyntheticData recent = SyntheticGenerator.generate(new SyntheticSpec(600, 240, 7,
        SyntheticSpec.DEFAULT_BEHAVIORS_PER_USER, SyntheticSpec.DEFAULT_IMPRESSIONS_PER_USER,
        SyntheticSpec.DEFAULT_DAYS, 0.3, 1.0));
    assertThat(recent.dataset().impressions()).isEqualTo(data.dataset().impressions());
    double defaultRecent = auc(data, imp -> topicShare(data, imp, 5));
    double raisedRecent = auc(recent, imp -> topicShare(recent, imp, 5));
    assertThat(raisedRecent - defaultRecent).as("recent-history oracle gain").isGreaterThan(0.08);
    double raisedFull = auc(recent, imp -> topicShare(recent, imp, Integer.MAX_VALUE));
    assertThat(raisedFull - raisedRecent).as("what old history still adds").isLessThan(0.04);
  }

  /** A stronger signal makes matches surer clicks: the Bayes ceiling rises, the impressions stay the same. */
  @Test
  void aStrongerSignalRaisesTheCeilingOnTheSameImpressions() {
    SyntheticData strong = SyntheticGenerator.generate(new SyntheticSpec(600, 240, 7,
        SyntheticSpec.DEFAULT_BEHAVIORS_PER_USER, SyntheticSpec.DEFAULT_IMPRESSIONS_PER_USER,
        SyntheticSpec.DEFAULT_DAYS, SyntheticSpec.DEFAULT_RECENT_LONG_TERM_SHARE, 2.0));
    assertThat(strong.dataset().impressions()).extracting(Impression::itemId)
        .isEqualTo(data.dataset().impressions().stream().map(Impression::itemId).toList());
    for (BehaviorType t : data.dataset().types()) {
      assertThat(strong.dataset().history("u001").all(t)).isEqualTo(data.dataset().history("u001").all(t));
    }
    assertThat(auc(strong, strong::trueLogit) - auc(data, data::trueLogit)).isGreaterThan(0.05);
    // the truth scales as documented: base and interest terms times the signal, the item bias as is
    Impression first = data.dataset().impressions().get(0);
    double bias = data.itemBias().get(first.itemId());
    assertThat(strong.trueLogit(first) - bias).isCloseTo(2.0 * (data.trueLogit(first) - bias),
        org.assertj.core.data.Offset.offset(1e-9));
  }

  private static double topicShare(Impression imp, int perType) {
    return topicShare(data, imp, perType);
  }

  private static double topicShare(SyntheticData data, Impression imp, int perType) {
    String topic = data.itemTopics().get(imp.itemId());
    var history = data.dataset().history(imp.userId());
    double match = 0;
    double total = 0;
    for (BehaviorType t : data.dataset().types()) {
      List<Behavior> seq = history.recent(t, imp.timestamp(), perType);
      for (Behavior b : seq) {
        total++;
        if (topic.equals(data.behaviorTopics().get(b.text()))) {
          match++;
        }
      }
    }
    return total == 0 ? 0 : match / total;
  }

  private static double auc(ToDoubleFunction<Impression> score) {
    return auc(data, score);
  }

  private static double auc(SyntheticData data, ToDoubleFunction<Impression> score) {
    List<Impression> imps = data.dataset().impressions();
    double[] s = new double[imps.size()];
    int[] y = new int[imps.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = score.applyAsDouble(imps.get(i));
      y[i] = imps.get(i).label();
    }
    return Auc.of(s, y);
  }
}
