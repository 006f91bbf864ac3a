package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.model.LayeredLanguageModel;
import org.junit.jupiter.api.Test;

/** The contract on a random tiny BERT. */
class TinyBertModelTest extends LayeredLanguageModelContract {

  @Override
  protected LayeredLanguageModel openModel() {
    return TinyBert.create(11, 3, 32, 4, 64);
  }

  @Test
  void sameSeedSameWeightsAndChecksum() {
    try (LayeredLanguageModel a = TinyBert.create(11, 3, 32, 4, 64);
        LayeredLanguageModel b = TinyBert.create(12, 3, 32, 4, 64)) {
      assertThat(a.descriptor().weightsChecksum()).isEqualTo(model.descriptor().weightsChecksum())
          .isNotEqualTo(b.descriptor().weightsChecksum());
      assertThat(a.positionEmbeddings().orElseThrow().toFloatArray())
          .containsExactly(model.positionEmbeddings().orElseThrow().toFloatArray());
      assertThat(b.positionEmbeddings().orElseThrow().toFloatArray())
          .isNotEqualTo(model.positionEmbeddings().orElseThrow().toFloatArray());
    }
  }
}
