package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.bahe.api.model.TokenizedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DJL BERT equals ONNX Runtime's {@code last_hidden_state} of the same all-MiniLM-L6-v2 file. */
class BertOnnxParityTest {

  private static BertModel model;

  @BeforeAll
  static void load() {
    model = BertOnnxLoader.miniLm();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void fullForwardMatchesOnnxRuntime() {
    TokenizedBatch batch = model.tokenizer().encode(TestTexts.SENTENCES, 128);
    assertThat(batch.batchSize()).isGreaterThanOrEqualTo(8);
    assertThat(batch.lengths()).contains(3); // "Hi" -> [CLS] hi [SEP]: padding really happens
    float[] djl;
    try (NDManager m = model.manager().newSubManager()) {
      djl = TestTexts.forward(model.lower(model.config().numLayers()), m, batch.toNDList(m)).toFloatArray();
    }
    float[] ort;
    try (OrtBertRunner runner = new OrtBertRunner(model.onnxSource().orElseThrow().read(), 2)) {
      ort = runner.run(batch);
    }
    assertThat(ort).hasSameSizeAs(djl);
    double diff = TestTexts.maxAbsDiffOnTokens(djl, ort, batch, 384);
    assertThat(diff).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void configIsInferredFromInitializerShapes() {
    BertConfig c = model.config();
    assertThat(c).isEqualTo(new BertConfig(6, 384, 12, 1536, 30522, 512, 2, 1e-12f));
    assertThat(model.descriptor().weightsChecksum()).hasSize(64);
  }
}
