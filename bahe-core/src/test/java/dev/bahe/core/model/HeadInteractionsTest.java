package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.config.HeadInteractions;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the head reads with {@code sequence.interactions: product}: {@code Q_u ⊕ Q_i ⊕ (Q_u,r ⊙ Q_i)_r}. */
class HeadInteractionsTest {

  private static final int D_HAT = 3;

  /**
   * A network of {@code rows} user vectors per sample whose head is linear, {@code w · x} without bias, so that its logit
   * exposes exactly which input the head was given; the encoder is never called ({@code logits} starts after it).
   */
  private static CtrNetwork network(NDManager manager, int rows, float[] w) {
    Linear head = Linear.builder().setUnits(1).optBias(false).build();
    CtrNetwork network = new CtrNetwork(Linear.builder().setUnits(1).build(), Linear.builder().setUnits(D_HAT)
        .build(), head, rows, 4, D_HAT, 0, null, 0, HeadInteractions.PRODUCT, 6);
    network.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
    for (Pair<String, Parameter> p : head.getParameters()) {
      p.getValue().getArray().set(w);
    }
    return network;
  }

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void theHeadReadsEachUserVectorsProductWithTheItemAfterTheConcatenation() {
    try (NDManager manager = NDManager.newBaseManager()) {
      int rows = 2;
      int width = CtrNetwork.headInputWidth(rows, D_HAT, HeadInteractions.PRODUCT);
      assertThat(width).isEqualTo((2 * rows + 1) * D_HAT);
      Random r = new Random(11);
      float[] w = random(r, width);
      CtrNetwork network = network(manager, rows, w);
      float[] qu = random(r, rows * D_HAT);
      float[] qi = random(r, D_HAT);
      NDArray logits = network.logits(new ParameterStore(manager, false),
          manager.create(qu, new Shape(1, rows * D_HAT)), manager.create(qi, new Shape(1, D_HAT)), null, false,
          null);
      // by hand: w over [qu, qi, qu_1 ⊙ qi, qu_2 ⊙ qi]
      double want = 0;
      int k = 0;
      for (float v : qu) {
        want += w[k++] * v;
      }
      for (float v : qi) {
        want += w[k++] * v;
      }
      for (int row = 0; row < rows; row++) {
        for (int j = 0; j < D_HAT; j++) {
          want += w[k++] * qu[row * D_HAT + j] * qi[j];
        }
      }
      assertThat(logits.getShape()).isEqualTo(new Shape(1, 1));
      assertThat((double) logits.getFloat(0, 0)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void inTrainingTheProductsAreOfVectorsStandardisedOverTheBatch() {
    try (NDManager manager = NDManager.newBaseManager()) {
      int width = CtrNetwork.headInputWidth(1, D_HAT, HeadInteractions.PRODUCT);
      // a head that sums the product block only
      float[] w = new float[width];
      for (int j = 2 * D_HAT; j < width; j++) {
        w[j] = 1f;
      }
      CtrNetwork network = network(manager, 1, w);
      // two samples sharing a large common component (100) that raw products would be all about
      float[] qu = {101f, 100f, 99f, 99f, 100f, 101f};
      float[] qi = {100f, 101f, 100f, 100f, 99f, 100f};
      NDArray logits = network.logits(new ParameterStore(manager, false), manager.create(qu, new Shape(2, D_HAT)),
          manager.create(qi, new Shape(2, D_HAT)), null, true, null);
      // per dimension over the batch of 2, a value standardises to ±1 (or 0 where both are equal):
      // user dims: (+1, 0, -1) and (-1, 0, +1); item dims: (0, +1, 0) and (0, -1, 0)
      // sample 0: (+1·0) + (0·+1) + (-1·0) = 0; sample 1: likewise 0 — the common 100 is gone
      assertThat(logits.getFloat(0, 0)).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(logits.getFloat(1, 0)).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-3f));
      // a matching pair: the same deviation on a dimension gives +1 per sample on it
      float[] qi2 = {101f, 100f, 100f, 99f, 100f, 100f};
      NDArray matched = network.logits(new ParameterStore(manager, false), manager.create(qu, new Shape(2, D_HAT)),
          manager.create(qi2, new Shape(2, D_HAT)), null, true, null);
      assertThat(matched.getFloat(0, 0)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(matched.getFloat(1, 0)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void withoutInteractionsTheHeadReadsTheConcatenationOnly() {
    assertThat(CtrNetwork.headInputWidth(6, 64, HeadInteractions.NONE)).isEqualTo(7 * 64);
    assertThat(CtrNetwork.headInputWidth(6, 64, HeadInteractions.PRODUCT)).isEqualTo(13 * 64);
  }

  @Test
  void aBuiltModelWithProductsHasAHeadThatReadsOneMoreReducedVectorPerSequence() {
    try (LayeredLanguageModel llm = ModelTestSupport.tinyBert()) {
      Dataset data = SyntheticTopicTask.generate(4, 6, 2, 3);
      var config = ModelTestSupport.config(Variant.FP, "sequence.interactions=product");
      assertThat(config.sequence().interactions()).isEqualTo(HeadInteractions.PRODUCT);
      try (TextCtrModel with = ModelTestSupport.build(config, data, llm, null, null);
          TextCtrModel without = ModelTestSupport.build(ModelTestSupport.config(Variant.FP), data, llm, null, null)) {
        // the head's first layer reads S·d̂ more inputs: S = one sequence per type, d̂ = the reduced width
        long extraInputs = (long) data.types().size() * config.reducer().outputDim();
        assertThat(parameterCount(with) - parameterCount(without))
            .isEqualTo(extraInputs * config.head().hiddenSizes().get(0));
      }
    }
  }

  /** Trainable values: the standardisation before the products learns nothing, it only keeps running means. */
  private static long parameterCount(TextCtrModel model) {
    long count = 0;
    for (Pair<String, Parameter> p : model.block().getParameters()) {
      if (p.getValue().requiresGradient()) {
        count += p.getValue().getArray().size();
      }
    }
    return count;
  }
}
