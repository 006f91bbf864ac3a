package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TokenizedBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LayeredLanguageModel#extendPositions(int)}: Longformer-style copy-extension of BERT's position table. */
class PositionExtensionTest {

  private static final int P = TinyBert.MAX_POSITIONS;

  private static LayeredLanguageModel tiny() {
    return TinyBert.create(21, 2, 32, 4, 64);
  }

  private static float[] table(LayeredLanguageModel model) {
    return model.positionEmbeddings().orElseThrow().toFloatArray();
  }

  @Test
  void keepsOldRowsBitIdenticalAndCopiesThemIntoTheNewRows() {
    try (LayeredLanguageModel model = tiny()) {
      int d = model.descriptor().hiddenSize();
      float[] before = table(model);
      Parameter parameter = model.lower(0).getParameters().values().stream()
          .filter(p -> p.getArray().getShape().equals(new Shape(P, d))).findFirst().orElseThrow();
      model.extendPositions(2 * P + 100);
      float[] after = table(model);
      assertThat(model.positionEmbeddings().orElseThrow().getShape()).isEqualTo(new Shape(2 * P + 100, d));
      assertThat(model.descriptor().maxPositions()).isEqualTo(2 * P + 100);
      assertThat(Arrays.copyOfRange(after, 0, P * d)).containsExactly(before);
      assertThat(Arrays.copyOfRange(after, P * d, 2 * P * d)).containsExactly(before);
      assertThat(Arrays.copyOfRange(after, 2 * P * d, (2 * P + 100) * d))
          .containsExactly(Arrays.copyOfRange(before, 0, 100 * d));
      // the same parameter object now holds the grown table, so existing views and sets still name it
      assertThat(parameter.getArray().getShape()).isEqualTo(new Shape(2 * P + 100, d));
      // shrinking is not a thing: a smaller size leaves the table alone
      model.extendPositions(10);
      assertThat(model.descriptor().maxPositions()).isEqualTo(2 * P + 100);
    }
  }

  @Test
  void outputsOnShortInputsAreUnchanged() {
    try (LayeredLanguageModel model = tiny(); NDManager m = model.manager().newSubManager()) {
      TokenizedBatch batch = model.tokenizer().encode(TestTexts.SENTENCES, 64);
      float[] before = whole(model, m, batch);
      model.extendPositions(4 * P);
      float[] after = whole(model, m, batch);
      assertThat(after).containsExactly(before);
    }
  }

  @Test
  void longInputRunsAndItsGradientReachesTheNewRows() {
    try (LayeredLanguageModel model = tiny(); NDManager m = model.manager().newSubManager()) {
      model.extendPositions(2 * P);
      TokenizedBatch batch = longBatch(2, 2 * P);
      assertThatThrownBy(() -> whole(model, m, longBatch(1, 2 * P + 1)))
          .hasMessageContaining("exceeds the " + 2 * P);
      model.lower(0).freezeParameters(false);
      model.upper(0).freezeParameters(false);
      NDArray table = model.positionEmbeddings().orElseThrow();
      ParameterStore ps = new ParameterStore(m, false);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList in = batch.toNDList(m);
        NDArray low = model.lower(0).forward(ps, in, true).head();
        NDArray out = model.upper(0).forward(ps, new NDList(low, batch.maskArray(m)), true).head();
        assertThat(out.getShape()).isEqualTo(new Shape(2, 2 * P, model.descriptor().hiddenSize()));
        assertThat(out.isInfinite().any().getBoolean()).isFalse();
        assertThat(out.isNaN().any().getBoolean()).isFalse();
        gc.backward(out.mul(out).mean());
      }
      NDArray grad = table.getGradient();
      float newRows = grad.get(new NDIndex(P + ":")).abs().sum().getFloat();
      assertThat(grad.isNaN().any().getBoolean()).isFalse();
      assertThat(newRows).isGreaterThan(0f);
    }
  }

  @Test
  void extendedModelSavesAndLoadsItsTable() throws Exception {
    try (LayeredLanguageModel a = tiny(); LayeredLanguageModel b = tiny()) {
      a.extendPositions(2 * P);
      try (NDManager m = a.manager().newSubManager()) {
        // make the new rows distinct from their copies, as training would
        NDArray table = a.positionEmbeddings().orElseThrow();
        table.set(new NDIndex(P + ":"), table.get(new NDIndex(P + ":")).add(0.5f));
      }
      Shape ids = new Shape(1, 8);
      a.lower(0).initialize(a.manager(), ai.djl.ndarray.types.DataType.FLOAT32, ids, ids);
      b.lower(0).initialize(b.manager(), ai.djl.ndarray.types.DataType.FLOAT32, ids, ids);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      a.lower(0).saveParameters(new DataOutputStream(bytes));
      b.extendPositions(2 * P);
      b.lower(0).loadParameters(b.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertThat(table(b)).containsExactly(table(a));
    }
  }

  @Test
  void rotaryModelsHaveNoTableToGrow() {
    try (LayeredLanguageModel model = Backbones.decoder(DecoderFixtures.dir("llama"))) {
      int max = model.descriptor().maxPositions();
      model.extendPositions(max);
      assertThat(model.descriptor().maxPositions()).isEqualTo(max);
      assertThatThrownBy(() -> model.extendPositions(max + 1))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(String.valueOf(max));
    }
  }

  private static float[] whole(LayeredLanguageModel model, NDManager m, TokenizedBatch batch) {
    NDArray low = TestTexts.forward(model.lower(0), m, batch.toNDList(m));
    return TestTexts.forward(model.upper(0), m, new NDList(low, batch.maskArray(m))).toFloatArray();
  }

  private static TokenizedBatch longBatch(int rows, int length) {
    Random random = new Random(5);
    long[] ids = new long[rows * length];
    long[] mask = new long[rows * length];
    int[] lengths = new int[rows];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + random.nextInt(20000);
      mask[i] = 1;
    }
    Arrays.fill(lengths, length);
    return new TokenizedBatch(ids, mask, lengths, rows, length);
  }
}
