package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.abe.AbePipeline;
import dev.bahe.core.config.AlignmentOptions;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.model.AlignableUpperLayers;
import dev.bahe.core.model.AlignmentCorpus;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.ModelTestSupport;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alignment with the real all-MiniLM-L6-v2: its targets, computed by the DJL backbone, equal the pooled output
 * of the whole model run by ONNX Runtime (the frozen encoder cut after the last layer), and a few steps bring the
 * upper layers' output on the stored layer-3 vectors closer to them.
 */
@Tag("slow")
class MiniLmUpperLayerAlignmentTest {

  @Test
  void targetsEqualOnnxRuntimesWholeModelAndAFewStepsApproachThem() {
    ExperimentConfig config = new ConfigLoader().load(null, List.of(
        "variant=bahe", "backbone.name=minilm", "encoder.name=onnx", "store.name=memory",
        "sequence.maxBehaviorsPerType=4", "sequence.textLength=128", "reducer.outputDim=16",
        "head.hiddenSizes=[16]", "training.batchSize=6"));
    Injector injector = Guice.createInjector(new ExperimentModule(config), new EncodersModule(),
        new StoresModule(), new HeadsModule(), new CoreModule());
    LayeredLanguageModel llm = injector.getInstance(LayeredLanguageModel.class);
    Dataset dataset = ModelTestSupport.tinyDataset();
    BehaviorEncoderFactory onnx = injector.getInstance(
        Key.get(new TypeLiteral<Map<String, BehaviorEncoderFactory>>() {})).get("onnx");
    Pooling mean = injector.getInstance(Key.get(new TypeLiteral<Map<String, Pooling>>() {})).get("mean");
    int layers = llm.descriptor().numLayers();
    try (BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class);
        BehaviorStore store = injector.getInstance(BehaviorStore.class);
        BehaviorEncoder whole = onnx.create(llm, mean, "mean", new EncoderOptions("onnx", layers, "mean",
            config.sequence().behaviorTokens(), 4096));
        TextCtrModel bahe = fill(injector, encoder, store, dataset);
        NDManager manager = NDManager.newBaseManager()) {
      AlignableUpperLayers upper = bahe.alignableUpperLayers().orElseThrow();
      AlignmentCorpus corpus = upper.corpus(manager);
      List<Long> keys = new ArrayList<>();
      store.forEachKey(keys::add);
      keys.sort(null);
      List<String> texts = keys.stream().map(k -> store.text(k).orElseThrow()).toList();
      float[] expected = whole.encode(texts);
      double maxDiff = 0;
      for (int i = 0; i < expected.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - corpus.targets()[i]));
      }
      // two runtimes, two kernels, padded batches: equal up to float rounding
      assertThat(maxDiff).as("max |DJL - ONNX Runtime| over %s targets", texts.size()).isLessThan(1e-4);

      double before = error(bahe, upper, corpus, manager);
      UpperLayerAlignment.run(upper, Trainer.trainableParameters(bahe), new AlignmentOptions(20, 4, 2e-4), 8, 42L,
          manager);
      double after = error(bahe, upper, corpus, manager);
      assertThat(after).as("error on the stored vectors after 20 steps (before: %s)", before).isLessThan(before);
    } finally {
      llm.close();
    }
  }

  private static TextCtrModel fill(Injector injector, BehaviorEncoder encoder, BehaviorStore store, Dataset dataset) {
    AbePipeline.builder().setEncoder(encoder).setStore(store).build().run(dataset);
    return injector.getInstance(ModelFactory.class).create(dataset);
  }

  private static double error(TextCtrModel model, AlignableUpperLayers upper, AlignmentCorpus corpus,
      NDManager parent) {
    try (InferenceScope scope = model.inference(); NDManager m = parent.newSubManager()) {
      int n = corpus.size();
      int d = corpus.dimension();
      NDArray diff = upper.states(new ParameterStore(m, false), m.create(corpus.vectors(), new Shape(n, 1, d)), false)
          .sub(m.create(corpus.targets(), new Shape(n, 1, d)));
      return diff.mul(diff).mean().getFloat();
    }
  }
}
