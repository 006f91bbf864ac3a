package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OnnxBehaviorEncoderTest extends BehaviorEncoderContract {

  @Override
  protected BehaviorEncoderFactory factory() {
    return new OnnxEncoderFactory();
  }

  /** ONNX Runtime on the graph cut after layer k equals the DJL lower(k), pooled. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 6})
  void truncatedGraphMatchesDjlLowerLayers(int k) {
    try (BehaviorEncoder ort = encoder(k, "mean", 512);
        BehaviorEncoder djl = new DjlEncoderFactory().create(model, Poolings.mean(), "mean",
            new EncoderOptions("djl", k, "mean", 32, 512))) {
      float[] a = ort.encode(TestTexts.SENTENCES);
      float[] b = djl.encode(TestTexts.SENTENCES);
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs(a[i] - b[i]));
      }
      assertThat(max).as("max abs diff at k=%d", k).isLessThanOrEqualTo(1e-4);
    }
  }

  @Test
  void cutGraphIsSmallerForLowSplits() {
    OnnxGraph graph = OnnxGraph.parse("minilm", OnnxSource.classpath(BundledResources.MINILM_ONNX).read());
    byte[] k1 = OnnxGraphCutter.cut(graph, OnnxGraphCutter.layerOutput(graph, 1, 6));
    byte[] k6 = OnnxGraphCutter.cut(graph, OnnxGraphCutter.layerOutput(graph, 6, 6));
    assertThat(k1.length).isLessThan(k6.length);
    OnnxGraph reparsed = OnnxGraph.parse("cut", k1);
    assertThat(reparsed.outputs()).hasSize(1);
    assertThat(reparsed.nodes()).noneMatch(n -> n.name().startsWith("/encoder/layer.1/"));
    assertThat(reparsed.initializers()).doesNotContainKey("encoder.layer.1.output.dense.bias");
  }

  @Test
  void refusesModelsWithoutOnnxFile() {
    try (LayeredLanguageModel tiny = TinyBert.create(1)) {
      assertThatThrownBy(() -> factory().create(tiny, Poolings.mean(), "mean",
          new EncoderOptions("onnx", 1, "mean", 16, 64))).hasMessageContaining("djl");
    }
  }
}
