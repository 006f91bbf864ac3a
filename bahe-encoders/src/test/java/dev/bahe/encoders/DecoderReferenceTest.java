package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DJL decoder reproduces the numpy reference hidden states of the committed tiny checkpoints. */
class DecoderReferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"llama", "qwen2"})
  void hiddenStatesMatchTheIndependentReference(String arch) {
    JsonNode expected = DecoderFixtures.expected(arch);
    List<String> texts = new ArrayList<>();
    expected.get("texts").forEach(t -> texts.add(t.asText()));
    try (LayeredLanguageModel model = Backbones.decoder(DecoderFixtures.dir(arch))) {
      assertThat(model.descriptor().architecture()).isEqualTo(arch);
      assertThat(model.descriptor().positions()).isEqualTo(ModelDescriptor.PositionEncoding.ROTARY);
      TokenizedBatch batch = model.tokenizer().encode(texts, 64);
      long[] ids = new long[batch.ids().length];
      int i = 0;
      for (JsonNode row : expected.get("ids")) {
        for (JsonNode id : row) {
          ids[i++] = id.asLong();
        }
      }
      assertThat(batch.ids()).containsExactly(ids);
      int d = model.descriptor().hiddenSize();
      int k = expected.get("split").asInt();
      try (NDManager m = model.manager().newSubManager()) {
        NDArray low = TestTexts.forward(model.lower(k), m, batch.toNDList(m));
        NDArray full = TestTexts.forward(model.upper(k), m, new NDList(low, batch.maskArray(m)));
        assertThat(TestTexts.maxAbsDiffOnTokens(low.toFloatArray(),
            DecoderFixtures.floats(expected.get("lowerHidden")), batch, d)).isLessThanOrEqualTo(1e-4);
        assertThat(TestTexts.maxAbsDiffOnTokens(full.toFloatArray(),
            DecoderFixtures.floats(expected.get("hidden")), batch, d)).isLessThanOrEqualTo(1e-4);
      }
    }
  }
}
