package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link LayeredLanguageModel}: every implementation's test extends this class and says how to
 * open a model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LayeredLanguageModelContract {

  /** Opens a fresh model; the caller closes it. */
  protected abstract LayeredLanguageModel openModel();

  /** Tolerance of {@code upper(k)(lower(k)(x))} against the whole model. */
  protected double splitTolerance() {
    return 1e-5;
  }

  protected LayeredLanguageModel model;

  @BeforeAll
  void open() {
    model = openModel();
  }

  @AfterAll
  void closeModel() {
    model.close();
  }

  private TokenizedBatch batch() {
    return model.tokenizer().encode(TestTexts.SENTENCES, 32);
  }

  @Test
  void upperOfLowerEqualsWholeModelForEverySplit() {
    int layers = model.descriptor().numLayers();
    int d = model.descriptor().hiddenSize();
    TokenizedBatch batch = batch();
    try (NDManager m = model.manager().newSubManager()) {
      // the whole model: the embedding output through every layer
      NDArray embedded0 = TestTexts.forward(model.lower(0), m, batch.toNDList(m));
      float[] full = TestTexts.forward(model.upper(0), m, new NDList(embedded0, batch.maskArray(m)))
          .toFloatArray();
      for (int k = 0; k <= layers; k++) {
        NDArray low = TestTexts.forward(model.lower(k), m, batch.toNDList(m));
        assertThat(low.getShape()).isEqualTo(new Shape(batch.batchSize(), batch.length(), d));
        float[] split = TestTexts.forward(model.upper(k), m, new NDList(low, batch.maskArray(m))).toFloatArray();
        assertThat(TestTexts.maxAbsDiffOnTokens(full, split, batch, d)).as("split at k=%d", k)
            .isLessThanOrEqualTo(splitTolerance());
      }
      // lower(0) is the embedding output: not the same as the whole model
      float[] embedded = TestTexts.forward(model.lower(0), m, batch.toNDList(m)).toFloatArray();
      assertThat(TestTexts.maxAbsDiffOnTokens(full, embedded, batch, d)).isGreaterThan(1e-3);
    }
  }

  @Test
  void splitOutsideRangeIsAnErrorNamingTheRange() {
    int layers = model.descriptor().numLayers();
    assertThatThrownBy(() -> model.lower(layers + 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.." + layers);
    assertThatThrownBy(() -> model.upper(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.." + layers);
  }

  @Test
  void viewsShareParameters() {
    int layers = model.descriptor().numLayers();
    int k = Math.max(1, layers / 2);
    long lower = model.lower(k).getParameters().size();
    long upper = model.upper(k).getParameters().size();
    long whole = model.lower(0).getParameters().size() + model.upper(0).getParameters().size();
    assertThat(lower + upper).isEqualTo(whole);
    List<String> ids = new ArrayList<>();
    model.lower(layers).getParameters().values().forEach(p -> ids.add(p.getId()));
    model.upper(0).getParameters().values().forEach(p -> ids.add(p.getId()));
    model.upper(k).getParameters().values().forEach(p -> assertThat(ids).contains(p.getId()));
    model.lower(k).getParameters().values().forEach(p -> assertThat(ids).contains(p.getId()));
    assertThat(model.lower(k)).isSameAs(model.lower(k));
  }

  @Test
  void trainingUpperLayersLeavesFrozenLowerLayersBitIdentical() {
    try (LayeredLanguageModel fresh = openModel()) {
      int layers = fresh.descriptor().numLayers();
      int k = Math.max(1, layers / 2);
      fresh.lower(k).freezeParameters(true);
      Map<String, float[]> lowerBefore = snapshot(fresh.lower(k).getParameters());
      Map<String, float[]> upperBefore = snapshot(fresh.upper(k).getParameters());

      SequentialBlock wrapper = new SequentialBlock().add(fresh.upper(k));
      try (Model wrap = Model.newInstance("upper-training", "PyTorch")) {
        wrap.setBlock(wrapper);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
        try (Trainer trainer = wrap.newTrainer(config); NDManager m = fresh.manager().newSubManager()) {
          TokenizedBatch batch = fresh.tokenizer().encode(TestTexts.SENTENCES.subList(0, 4), 16);
          NDArray hidden = TestTexts.forward(fresh.lower(k), m, batch.toNDList(m));
          NDArray mask = batch.maskArray(m);
          trainer.initialize(hidden.getShape(), mask.getShape());
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(new NDList(hidden, mask)).head();
            NDArray loss = out.mul(out).mean();
            gc.backward(loss);
          }
          trainer.step();
        }
      }
      Map<String, float[]> lowerAfter = snapshot(fresh.lower(k).getParameters());
      Map<String, float[]> upperAfter = snapshot(fresh.upper(k).getParameters());
      assertThat(lowerAfter.keySet()).isEqualTo(lowerBefore.keySet());
      lowerBefore.forEach((name, v) -> assertThat(Arrays.equals(v, lowerAfter.get(name)))
          .as("frozen parameter %s unchanged", name).isTrue());
      long changed = upperBefore.keySet().stream()
          .filter(name -> !Arrays.equals(upperBefore.get(name), upperAfter.get(name))).count();
      assertThat(changed).isPositive();
    }
  }

  @Test
  void inferenceScopeTurnsGradientRecordingOffOnAFreshThreadAndRestoresIt() throws InterruptedException {
    // PyTorch's gradient mode is per thread, and on for every thread but the one that loaded the engine: a
    // prediction outside the scope records a graph (it has a gradient function) even with training = false
    boolean[] mode = new boolean[3];
    String[] gradientFunction = new String[1];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (LayeredLanguageModel fresh = openModel()) {
      int layers = fresh.descriptor().numLayers();
      for (Pair<String, Parameter> p : fresh.lower(layers).getParameters()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
      Thread thread = new Thread(() -> {
        try (NDManager m = fresh.manager().newSubManager()) {
          TokenizedBatch batch = fresh.tokenizer().encode(TestTexts.SENTENCES.subList(0, 2), 16);
          mode[0] = JniUtils.isGradMode();
          NDArray predicted = TestTexts.forward(fresh.lower(layers), m, batch.toNDList(m));
          gradientFunction[0] = JniUtils.getGradientFunctionNames((PtNDArray) predicted);
          try (InferenceScope inference = fresh.inference()) {
            mode[1] = JniUtils.isGradMode();
          }
          mode[2] = JniUtils.isGradMode();
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      thread.start();
      thread.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(mode[0]).as("gradient mode of a fresh thread").isTrue();
    assertThat(gradientFunction[0]).as("gradient function of a prediction outside the scope").isNotBlank();
    assertThat(mode[1]).as("gradient mode inside the scope").isFalse();
    assertThat(mode[2]).as("gradient mode after the scope").isTrue();
  }

  private static Map<String, float[]> snapshot(ai.djl.nn.ParameterList params) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : params) {
      values.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return values;
  }
}
