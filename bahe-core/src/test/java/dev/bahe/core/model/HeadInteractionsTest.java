package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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

  /** A linear head {@code w · x} (no bias): its logit exposes exactly which input it was given. */
  private static Block linearHead(NDManager manager, float[] w) {
    Linear head = Linear.builder().setUnits(1).optBias(false).build();
    head.initialize(manager, DataType.FLOAT32, new Shape(1, w.length));
    for (Pair<String, Parameter> p : head.getParameters()) {
      p.getValue().getArray().set(w);
    }
    return head;
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
      CtrNetwork network = new CtrNetwork(Linear.builder().setUnits(1).build(), Linear.builder().setUnits(D_HAT)
          .build(), linearHead(manager, w), rows, 4, D_HAT, 0, null, 0, HeadInteractions.PRODUCT);
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
  void cosineInteractionsAreTheProductsOfTheUnitVectorsAndSumToTheCosine() {
    try (NDManager manager = NDManager.newBaseManager()) {
      int width = CtrNetwork.headInputWidth(1, D_HAT, HeadInteractions.COSINE);
      // a head that reads only the product block and sums it: the logit is the cosine of Q_u and Q_i
      float[] w = new float[width];
      for (int j = 2 * D_HAT; j < width; j++) {
        w[j] = 1f;
      }
      CtrNetwork network = new CtrNetwork(Linear.builder().setUnits(1).build(), Linear.builder().setUnits(D_HAT)
          .build(), linearHead(manager, w), 1, 4, D_HAT, 0, null, 0, HeadInteractions.COSINE);
      float[] qu = {3f, 0f, 4f};
      float[] qi = {0f, 10f, 10f};
      float logit = network.logits(new ParameterStore(manager, false), manager.create(qu, new Shape(1, D_HAT)),
          manager.create(qi, new Shape(1, D_HAT)), null, false, null).getFloat(0, 0);
      // cos = (3·0 + 0·10 + 4·10) / (5 · 10√2) = 40 / 70.71
      assertThat((double) logit).isCloseTo(40 / (5 * 10 * Math.sqrt(2)), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void withoutInteractionsTheHeadReadsTheConcatenationOnly() {
    assertThat(CtrNetwork.headInputWidth(6, 64, HeadInteractions.NONE)).isEqualTo(7 * 64);
    assertThat(CtrNetwork.headInputWidth(6, 64, HeadInteractions.PRODUCT)).isEqualTo(13 * 64);
    assertThat(CtrNetwork.headInputWidth(6, 64, HeadInteractions.COSINE)).isEqualTo(13 * 64);
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

  private static long parameterCount(TextCtrModel model) {
    long count = 0;
    for (Pair<String, Parameter> p : model.block().getParameters()) {
      count += p.getValue().getArray().size();
    }
    return count;
  }
}
