package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oracle of length-bucketed encoding: running a batch's rows in groups of similar length gives the pooled
 * vectors and the parameter gradients of one pass over the whole padded batch (up to float rounding of the
 * different kernel shapes).
 */
class LengthBucketedEncodingTest {

  /** Rows of very different lengths, one of them empty, padded to 12 positions. */
  private static final int[] LENGTHS = {12, 1, 3, 0, 9, 2, 12, 4};
  private static final int S = 12;

  private LayeredLanguageModel llm;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    llm = ModelTestSupport.tinyBert();
    manager = llm.manager().newSubManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
    llm.close();
  }

  private NDArray mask() {
    long[] mask = new long[LENGTHS.length * S];
    for (int r = 0; r < LENGTHS.length; r++) {
      for (int s = 0; s < LENGTHS[r]; s++) {
        mask[r * S + s] = 1;
      }
    }
    return manager.create(mask, new Shape(LENGTHS.length, S));
  }

  @ParameterizedTest(name = "positions from the {0}")
  @ValueSource(strings = {"oldest", "newest"})
  void bucketedStoreVectorSequencesEqualOnePaddedPass(String positionOrigin) {
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm);
        TextCtrModel bahe = ModelTestSupport.build(
            ModelTestSupport.config(Variant.BAHE, "sequence.maxBehaviorsPerType=" + S,
                "sequence.positionOrigin=" + positionOrigin),
            ModelTestSupport.tinyDataset(), llm, store, null)) {
      UpperEncoder encoder = (UpperEncoder) ((AssembledCtrModel) bahe).network().encoder();
      float[] values = new float[LENGTHS.length * S * 32];
      Random random = new Random(3);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextGaussian();
      }
      NDArray states = manager.create(values, new Shape(LENGTHS.length, S, 32));
      NDArray mask = mask();
      ParameterStore ps = new ParameterStore(manager, false);
      assertSameFunction(bahe,
          bucketed -> bucketed ? encoder.encode(ps, states, mask, mask, true, false, null)
              : encoder.encodePadded(ps, states, mask, mask, true, false, null));
    }
  }

  @Test
  void bucketedTokenSequencesEqualOnePaddedPass() {
    try (TextCtrModel llmCtr = ModelTestSupport.build(ModelTestSupport.config(Variant.LLM_CTR),
        ModelTestSupport.tinyDataset(), llm, null, null)) {
      FullTextEncoder encoder = (FullTextEncoder) ((AssembledCtrModel) llmCtr).network().encoder();
      long[] ids = new long[LENGTHS.length * S];
      Random random = new Random(5);
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 1 + random.nextInt(200);
      }
      NDArray tokens = manager.create(ids, new Shape(LENGTHS.length, S));
      NDArray mask = mask();
      ParameterStore ps = new ParameterStore(manager, false);
      assertSameFunction(llmCtr,
          bucketed -> bucketed ? encoder.encode(ps, tokens, mask, mask, false, null)
              : encoder.encodePadded(ps, tokens, mask, mask, false, null));
    }
  }

  private static void assertSameFunction(TextCtrModel model, Function<Boolean, NDArray> encode) {
    Result padded = run(model, () -> encode.apply(false));
    Result bucketed = run(model, () -> encode.apply(true));
    assertThat(bucketed.pooled.length).isEqualTo(padded.pooled.length).isEqualTo(LENGTHS.length * 32);
    assertClose(bucketed.pooled, padded.pooled, "pooled");
    // the empty row pools to zeros both ways
    for (int j = 0; j < 32; j++) {
      assertThat(bucketed.pooled[3 * 32 + j]).isZero();
    }
    assertThat(padded.gradients.keySet()).isEqualTo(bucketed.gradients.keySet()).isNotEmpty();
    int nonZero = 0;
    for (Map.Entry<String, float[]> e : padded.gradients.entrySet()) {
      assertClose(bucketed.gradients.get(e.getKey()), e.getValue(), e.getKey());
      for (float g : e.getValue()) {
        nonZero += g != 0f ? 1 : 0;
      }
    }
    assertThat(nonZero).as("the upper layers receive a gradient").isPositive();
  }

  private record Result(float[] pooled, Map<String, float[]> gradients) {}

  private static Result run(TextCtrModel model, java.util.function.Supplier<NDArray> encode) {
    float[] pooled;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray out = encode.get();
      pooled = out.toFloatArray();
      // a loss that weighs every row and coordinate differently, so a row put back in the wrong place shows
      NDArray weights = out.getManager().arange(1f, out.size() + 1f, 1f, DataType.FLOAT32).reshape(out.getShape())
          .sin();
      collector.backward(out.mul(weights).sum());
    }
    Map<String, float[]> gradients = new LinkedHashMap<>();
    for (var p : model.block().getParameters()) {
      if (p.getValue().requiresGradient() && !gradients.containsKey(p.getKey())) {
        NDArray g = p.getValue().getArray().getGradient();
        gradients.put(p.getKey(), g.toFloatArray());
        g.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
      }
    }
    return new Result(pooled, gradients);
  }

  private static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(1e-4 * (1 + scale)));
    }
  }
}
