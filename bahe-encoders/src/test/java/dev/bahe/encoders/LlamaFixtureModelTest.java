package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TokenizedBatch;
import org.junit.jupiter.api.Test;

/** The contract on the tiny LLaMA fixture (BF16 weights in two safetensors files, grouped-query attention). */
class LlamaFixtureModelTest extends LayeredLanguageModelContract {

  @Override
  protected LayeredLanguageModel openModel() {
    return Backbones.decoder(DecoderFixtures.dir("llama"));
  }

  @Test
  void upperTakesPositionsAndRotaryIsRelative() {
    TokenizedBatch batch = model.tokenizer().encode(TestTexts.SENTENCES.subList(0, 3), 16);
    int d = model.descriptor().hiddenSize();
    try (NDManager m = model.manager().newSubManager()) {
      NDArray low = TestTexts.forward(model.lower(1), m, batch.toNDList(m));
      NDArray mask = batch.maskArray(m);
      long s = batch.length();
      NDArray positions = m.arange(0, (int) s, 1, DataType.INT64).reshape(1, s).repeat(0, batch.batchSize());
      float[] byDefault = TestTexts.forward(model.upper(1), m, new NDList(low, mask)).toFloatArray();
      float[] explicit = TestTexts.forward(model.upper(1), m, new NDList(low, mask, positions)).toFloatArray();
      float[] shifted = TestTexts.forward(model.upper(1), m, new NDList(low, mask, positions.add(7)))
          .toFloatArray();
      float[] scaled = TestTexts.forward(model.upper(1), m, new NDList(low, mask, positions.mul(3)))
          .toFloatArray();
      assertThat(TestTexts.maxAbsDiffOnTokens(byDefault, explicit, batch, d)).isEqualTo(0.0);
      // rotary attention depends only on position differences
      assertThat(TestTexts.maxAbsDiffOnTokens(byDefault, shifted, batch, d)).isLessThan(1e-4);
      assertThat(TestTexts.maxAbsDiffOnTokens(byDefault, scaled, batch, d)).isGreaterThan(1e-3);
    }
  }
}
