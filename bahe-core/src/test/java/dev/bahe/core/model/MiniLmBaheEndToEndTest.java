package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Item;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.abe.AbePipeline;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.serve.ClickPredictor;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingResult;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BAHE end to end with the real all-MiniLM-L6-v2 weights: the default configuration's wiring (backbone
 * {@code minilm}, ONNX Runtime lower-layer encoder, split at layer 3), the ABE pipeline into a store, training of
 * the upper layers, then serving.
 */
@Tag("slow")
class MiniLmBaheEndToEndTest {

  @Test
  void encodesTrainsAndServesWithTheRealBackbone() {
    ExperimentConfig config = new dev.bahe.core.config.ConfigLoader().load(null, List.of(
        "variant=bahe", "backbone.name=minilm", "encoder.name=onnx", "store.name=memory",
        "sequence.maxBehaviorsPerType=4", "sequence.textLength=128", "reducer.outputDim=16",
        "head.hiddenSizes=[16]", "training.batchSize=6", "training.epochs=1", "training.warmupSteps=0"));
    Injector injector = Guice.createInjector(new ExperimentModule(config), new EncodersModule(),
        new StoresModule(), new HeadsModule(), new CoreModule());
    LayeredLanguageModel llm = injector.getInstance(LayeredLanguageModel.class);
    Dataset dataset = ModelTestSupport.tinyDataset();
    try (BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class);
        BehaviorStore store = injector.getInstance(BehaviorStore.class)) {
      assertThat(llm.descriptor().hiddenSize()).isEqualTo(384);
      AbeReport report = AbePipeline.builder().setEncoder(encoder).setStore(store).build().run(dataset);
      assertThat(report.complete()).isTrue();
      assertThat(store.size()).isEqualTo(report.uniqueBehaviors());
      List<float[]> lowerBefore = values(llm.lower(3).getParameters());
      try (TextCtrModel bahe = injector.getInstance(ModelFactory.class).create(dataset)) {
        TrainingResult result = Trainer.builder().setConfig(config).optLogEverySteps(0).build()
            .fit(bahe, dataset.impressions(), List.of());
        assertThat(result.steps()).isEqualTo(2);
        assertThat(Double.isFinite(result.finalTrainLoss())).isTrue();
        // behaviours come from the store; each distinct item title is read through the lower layers once
        long titles = dataset.impressions().stream().map(i -> dataset.item(i.itemId()).text()).distinct().count();
        assertThat(bahe.lowerPartEncodings()).isEqualTo(titles);
        List<float[]> lowerAfter = values(llm.lower(3).getParameters());
        for (int i = 0; i < lowerBefore.size(); i++) {
          assertThat(Arrays.equals(lowerBefore.get(i), lowerAfter.get(i))).isTrue();
        }
        float[] p = new ClickPredictor(bahe).predict(dataset.history("u3"), 130L,
            List.of(dataset.item("i0"), new Item("x", "a documentary about deep sea fish")));
        assertThat(p).hasSize(2);
        assertThat(p[0]).isStrictlyBetween(0f, 1f);
        assertThat(p[1]).isStrictlyBetween(0f, 1f);
        assertThat(bahe.lowerPartEncodings()).as("the unseen item was encoded once").isEqualTo(titles + 1);
      }
    } finally {
      llm.close();
    }
  }

  private static List<float[]> values(ai.djl.nn.ParameterList params) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : params) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }
}
