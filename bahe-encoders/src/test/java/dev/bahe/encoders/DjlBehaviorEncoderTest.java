package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class DjlBehaviorEncoderTest extends BehaviorEncoderContract {

  @Override
  protected BehaviorEncoderFactory factory() {
    return new DjlEncoderFactory();
  }

  @Test
  void encodingInsideAGradientCollectorWorksAndRestoresGradMode() {
    try (BehaviorEncoder enc = factory().create(model, Poolings.mean(), "mean",
        new EncoderOptions("djl", 2, "mean", 16, 256));
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      assertThat(JniUtils.isGradMode()).isTrue();
      float[] v = enc.encode(List.of("bought: a kettle"));
      assertThat(v).hasSize(384);
      assertThat(JniUtils.isGradMode()).isTrue();
    }
  }
}
