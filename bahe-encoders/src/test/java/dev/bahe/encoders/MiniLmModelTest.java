package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import org.junit.jupiter.api.Test;

/** The contract on all-MiniLM-L6-v2 with its real weights. */
class MiniLmModelTest extends LayeredLanguageModelContract {

  @Override
  protected LayeredLanguageModel openModel() {
    return Backbones.miniLm();
  }

  @Test
  void describesItself() {
    ModelDescriptor d = model.descriptor();
    assertThat(d.name()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(d.numLayers()).isEqualTo(6);
    assertThat(d.hiddenSize()).isEqualTo(384);
    assertThat(d.positions()).isEqualTo(ModelDescriptor.PositionEncoding.LEARNED_ABSOLUTE);
    assertThat(d.source()).isEqualTo("classpath:all-minilm-l6-v2.onnx");
    assertThat(model.positionEmbeddings().orElseThrow().getShape().getShape()).containsExactly(512, 384);
  }
}
