package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.model.LayeredLanguageModel;
import org.junit.jupiter.api.Test;

/** The contract on the tiny Qwen2 fixture (F16 weights, q/k/v biases, one key/value head for four queries). */
class Qwen2FixtureModelTest extends LayeredLanguageModelContract {

  @Override
  protected LayeredLanguageModel openModel() {
    return Backbones.decoder(DecoderFixtures.dir("qwen2"));
  }

  @Test
  void hasBiasesAndNoLearnedPositions() {
    assertThat(model.positionEmbeddings()).isEmpty();
    assertThat(model.upper(0).getParameters().keys()).anyMatch(k -> k.endsWith("qBias"));
  }
}
