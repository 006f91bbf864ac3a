package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.model.ModelTestSupport;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A training step's gradients do not depend on whether a garbage collection runs between its forward and its
 * backward pass, for every variant: no array that autograd keeps for the backward pass lives in memory the Java
 * collector may free (the cause of the rare non-finite steps, see {@code Scalars}).
 */
class GradientsAcrossCollectionTest {

  @ParameterizedTest
  @EnumSource(Variant.class)
  void aCollectionBetweenForwardAndBackwardLeavesEveryGradientBitIdentical(Variant variant) {
    Dataset dataset = ModelTestSupport.tinyDataset();
    ExperimentConfig config = ModelTestSupport.config(variant, "head.dropout=0.1");
    LayeredLanguageModel llm = ModelTestSupport.tinyBert();
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      if (variant == Variant.BAHE) {
        ModelTestSupport.fillStore(dataset, store, encoder);
      }
      try (TextCtrModel model = ModelTestSupport.build(config, dataset, llm, store, encoder)) {
        Map<String, float[]> undisturbed = gradients(model, dataset.impressions(), false);
        Map<String, float[]> collected = gradients(model, dataset.impressions(), true);
        assertThat(collected.keySet()).isEqualTo(undisturbed.keySet()).isNotEmpty();
        // bit for bit: the same inputs, parameters, seed, thread count and kernels; a collection changes no math
        for (String name : undisturbed.keySet()) {
          assertThat(Arrays.equals(collected.get(name), undisturbed.get(name)))
              .as("%s gradient of %s equal with and without the collection (first values %s / %s)", variant, name,
                  head(collected.get(name)), head(undisturbed.get(name)))
              .isTrue();
        }
      }
    } finally {
      llm.close();
    }
  }

  private static String head(float[] values) {
    return Arrays.toString(Arrays.copyOf(values, Math.min(4, values.length)));
  }

  /** Every trainable parameter's gradient of the mean loss over {@code impressions}, then zeroed again. */
  private static Map<String, float[]> gradients(TextCtrModel model, List<Impression> impressions, boolean collect) {
    List<TrainableParameter> params = Trainer.trainableParameters(model);
    Map<String, float[]> out = new LinkedHashMap<>();
    Engine.getInstance().setRandomSeed(17);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList input = model.features(impressions, manager);
      float[] y = new float[impressions.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = impressions.get(i).label();
      }
      NDArray labels = manager.create(y, new Shape(y.length, 1));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = model.block().forward(new ParameterStore(manager, false), input, true).singletonOrThrow();
        NDArray loss = BinaryCrossEntropy.withLogits(logits.reshape(y.length, 1), labels);
        if (collect) {
          GarbageCollection.collectAndFreeDirectBuffers();
        }
        collector.backward(loss);
      }
      for (TrainableParameter p : params) {
        NDArray g = p.parameter().getArray().getGradient();
        out.put(p.name(), g.toFloatArray());
        Trainer.clear(g);
      }
    }
    return out;
  }
}
