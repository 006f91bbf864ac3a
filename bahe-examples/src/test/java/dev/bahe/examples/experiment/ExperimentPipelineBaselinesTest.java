package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.data.SyntheticData;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baselines without text as an experiment runs them: fitted on the same (capped) training impressions as the
 * text models, tested on the same test split, named as in the tables; and a dataset whose training labels are of
 * one class is a clear error, not a silent NaN.
 */
class ExperimentPipelineBaselinesTest {

  @TempDir
  Path dir;

  private ExperimentPipeline open(String... overrides) {
    List<String> o = new ArrayList<>(List.of("output=" + dir.resolve("out"), "training.epochs=1",
        "training.maxTrainSamples=400", "training.warmupSteps=2"));
    o.addAll(List.of(overrides));
    ExperimentConfig config = new ConfigLoader().load(null, o);
    return ExperimentPipeline.open(config, EvalBudget.both(0), List.of());
  }

  @Test
  void everyBaselineFitsOnTheCappedTrainingImpressionsAndTestsOnTheWholeTestSplit() {
    try (ExperimentPipeline pipeline = open("data.source=synthetic", "data.syntheticUsers=80",
        "data.syntheticItems=24")) {
      int testSize = pipeline.split().test().size();
      BaselineResult stats = pipeline.stats();
      BaselineResult dnn = pipeline.productionDnn();
      BaselineResult idOnly = pipeline.idOnlyDnn();

      assertThat(stats.model()).isEqualTo("stats");
      assertThat(dnn.model()).isEqualTo("dnn");
      assertThat(idOnly.model()).isEqualTo("dnn-id");
      // one epoch over the 400 capped impressions each
      assertThat(List.of(stats, dnn, idOnly)).allSatisfy(r -> {
        assertThat(r.trainImpressions()).as(r.model()).isEqualTo(400);
        assertThat(r.test().count()).as(r.model()).isEqualTo(testSize);
        assertThat(r.test().auc()).as(r.model()).isBetween(0.0, 1.0);
        assertThat(r.trainSeconds()).as(r.model()).isPositive();
      });
    }
  }

  @Test
  void trainingLabelsOfOneClassAreAClearErrorForTheCounterBaselines() throws IOException {
    BehaviorType click = BehaviorType.of("click");
    Map<String, UserHistory> histories = new HashMap<>();
    List<Impression> impressions = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      histories.put("u" + u, UserHistory.of("u" + u, List.of(new Behavior(click, u, "looked at item " + u))));
      for (int k = 0; k < 5; k++) {
        impressions.add(new Impression("u" + u, "i" + k, 100 + 10L * u + k, 0));
      }
    }
    Map<String, Item> items = new HashMap<>();
    for (int k = 0; k < 5; k++) {
      items.put("i" + k, new Item("i" + k, "item " + k));
    }
    Path data = dir.resolve("never-clicked");
    TabularDatasetWriter.write(new Dataset("never-clicked", List.of(click), items, histories, impressions), data,
        TabularFormat.TSV);

    try (ExperimentPipeline pipeline = open("data.source=tsv", "data.path=" + data)) {
      assertThatThrownBy(pipeline::stats).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("all negative (label 0)").hasMessageContaining("both classes");
      assertThatThrownBy(pipeline::productionDnn).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("both classes");
      // files carry no generator truth
      assertThatThrownBy(pipeline::oracle).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("runs only with data.source=synthetic")
          .hasMessageContaining("data.source 'tsv'");
    }
  }

  /** P(click) of the generator, as the oracle scores it. */
  private static double probability(SyntheticData truth, Impression i) {
    return 1 / (1 + Math.exp(-truth.trueLogit(i)));
  }

  /** AUC over all (positive, negative) pairs, a tie counting one half: the definition, by brute force. */
  private static double pairwiseAuc(SyntheticData truth, List<Impression> impressions) {
    double wins = 0;
    long pairs = 0;
    for (Impression pos : impressions) {
      for (Impression neg : impressions) {
        if (pos.label() == 1 && neg.label() == 0) {
          double p = probability(truth, pos);
          double n = probability(truth, neg);
          wins += p > n ? 1 : p == n ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  @Test
  void theOracleIsTheGeneratorsProbabilitiesOnTheTestImpressionsAndBeatsTheFittedModels() {
    try (ExperimentPipeline pipeline = open("data.source=synthetic", "data.syntheticUsers=80",
        "data.syntheticItems=24")) {
      SyntheticData truth = pipeline.data().synthetic().orElseThrow();
      List<Impression> test = pipeline.test();
      double auc = pairwiseAuc(truth, test);
      double logLoss = test.stream().mapToDouble(i -> {
        double p = probability(truth, i);
        return -(i.label() == 1 ? Math.log(p) : Math.log(1 - p));
      }).average().orElseThrow();
      Map<String, List<Impression>> byUser = new HashMap<>();
      test.forEach(i -> byUser.computeIfAbsent(i.userId(), u -> new ArrayList<>()).add(i));
      double weighted = 0;
      long weight = 0;
      int users = 0;
      for (List<Impression> mine : byUser.values()) {
        long positives = mine.stream().filter(i -> i.label() == 1).count();
        if (positives > 0 && positives < mine.size()) {
          weighted += pairwiseAuc(truth, mine) * mine.size();
          weight += mine.size();
          users++;
        }
      }
      long ties = test.stream().map(i -> probability(truth, i)).distinct().count();
      assertThat(ties).as("the generator's probabilities tie (same item, same topic terms)")
          .isLessThan(test.size());

      BaselineResult oracle = pipeline.oracle();

      assertThat(oracle.model()).isEqualTo("oracle");
      assertThat(oracle.trainImpressions()).isZero();
      assertThat(oracle.learning().isEmpty()).isTrue();
      assertThat(oracle.test().count()).isEqualTo(test.size());
      assertThat(oracle.test().auc()).isCloseTo(auc, within(1e-12));
      assertThat(oracle.test().logLoss()).isCloseTo(logLoss, within(1e-9));
      assertThat(oracle.test().gauc()).isCloseTo(weighted / weight, within(1e-12));
      assertThat(oracle.test().gaucUsers()).isEqualTo(users);
      for (BaselineResult model : List.of(pipeline.stats(), pipeline.idOnlyDnn(), pipeline.productionDnn())) {
        assertThat(oracle.test().auc()).as(model.model()).isGreaterThan(model.test().auc());
        assertThat(oracle.test().logLoss()).as(model.model()).isLessThan(model.test().logLoss());
      }
    }
  }

  @Test
  void theDnnBaselinesRecordTheirLearningCurve() {
    try (ExperimentPipeline pipeline = open("data.source=synthetic", "data.syntheticUsers=80",
        "data.syntheticItems=24")) {
      BaselineResult idOnly = pipeline.idOnlyDnn();

      // 400 impressions in batches of 32: 13 steps, one epoch validated on the validation split
      assertThat(idOnly.learning().steps()).hasSize(13);
      assertThat(idOnly.learning().steps()).extracting(LearningCurve.StepPoint::step)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
      assertThat(idOnly.learning().steps()).allSatisfy(p -> assertThat(p.loss()).isBetween(0.1, 2.0));
      assertThat(idOnly.learning().epochs()).hasSize(1);
      assertThat(idOnly.learning().epochs().get(0).validAuc()).isBetween(0.0, 1.0);
      assertThat(pipeline.stats().learning().isEmpty()).isTrue();
    }
  }
}
