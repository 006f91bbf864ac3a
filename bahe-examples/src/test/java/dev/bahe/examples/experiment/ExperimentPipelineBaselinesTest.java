package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
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
    }
  }
}
