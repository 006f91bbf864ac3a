package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.model.LayeredLanguageModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncoderDiagnosticsTest {

  @Test
  void reportsEngineVersions() {
    Map<String, String> v = EncoderDiagnostics.versions();
    assertThat(v).containsKeys("djl", "pytorch", "onnxruntime", "java");
    assertThat(v.get("djl")).startsWith("0.36");
    assertThat(v.get("pytorch")).startsWith("2.7.1");
    assertThat(v.get("onnxruntime")).startsWith("1.22");
  }

  @Test
  void parityWithOnnxRuntimeIsTight() {
    double diff = EncoderDiagnostics.parityMaxAbsDiff(EncoderDiagnostics.SAMPLE_SENTENCES);
    assertThat(diff).isLessThanOrEqualTo(1e-4).isGreaterThanOrEqualTo(0);
  }

  @Test
  void parityRefusesModelsWithoutOnnx() {
    try (LayeredLanguageModel tiny = TinyBert.create(3)) {
      assertThatThrownBy(() -> EncoderDiagnostics.parityMaxAbsDiff(tiny, EncoderDiagnostics.SAMPLE_SENTENCES))
          .hasMessageContaining("ONNX");
    }
  }
}
