package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.core.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every variant's parameters (backbone part, position table, reducer, head) survive a save and restore. */
class ModelCheckpointTest {

  @ParameterizedTest
  @EnumSource(Variant.class)
  void restoredParametersGiveIdenticalPredictions(Variant variant) {
    roundTrip(variant);
  }

  @Test
  void bahesOptionalPartsAreRestoredToo() {
    roundTrip(Variant.BAHE, "sequence.historySummary=mean");
    roundTrip(Variant.BAHE, "sequence.userSequence=merged");
  }

  private static void roundTrip(Variant variant, String... extra) {
    Dataset dataset = ModelTestSupport.tinyDataset();
    List<String> overrides = new java.util.ArrayList<>(List.of("training.batchSize=4",
        "training.headLearningRate=0.01", "training.backboneLearningRate=0.01"));
    overrides.addAll(List.of(extra));
    ExperimentConfig config = ModelTestSupport.config(variant, overrides.toArray(String[]::new));
    LayeredLanguageModel llm = ModelTestSupport.tinyBert();
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      try (TextCtrModel model = ModelTestSupport.build(config, dataset, llm, store, encoder)) {
        Evaluator evaluator = new Evaluator(8);
        double[] before = evaluator.predict(model, dataset.impressions());
        byte[] saved = Checkpoints.saveParameters(model);
        Trainer.builder().setConfig(config).optLogEverySteps(0).build().fit(model, dataset.impressions(), List.of());
        double[] trained = evaluator.predict(model, dataset.impressions());
        assertThat(trained).isNotEqualTo(before);
        Checkpoints.loadParameters(model, saved, "test bytes");
        assertThat(evaluator.predict(model, dataset.impressions())).containsExactly(before);
      }
    } finally {
      llm.close();
    }
  }
}
