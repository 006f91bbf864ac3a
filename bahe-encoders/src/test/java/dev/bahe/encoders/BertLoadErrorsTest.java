package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.config.BackboneOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing and corrupt weight files and bad split layers fail with messages naming the file and tensor. */
class BertLoadErrorsTest {

  @TempDir
  Path dir;

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.onnx");
    assertThatThrownBy(() -> new BertOnnxBackboneFactory().load(new BackboneOptions("bert-onnx", missing.toString(), 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.onnx").hasMessageContaining("not found");
  }

  @Test
  void garbageFileIsCorrupt() throws IOException {
    Path bad = dir.resolve("bad.onnx");
    Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01});
    Files.copy(BundledResources.extract(BundledResources.MINILM_TOKENIZER), dir.resolve("tokenizer.json"));
    assertThatThrownBy(() -> Backbones.bertOnnx(bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt").hasMessageContaining("bad.onnx");
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws IOException {
    byte[] full = OnnxSource.classpath(BundledResources.MINILM_ONNX).read();
    // cut inside the graph: the model message ends early
    Path cut = dir.resolve("truncated.onnx");
    Files.write(cut, Arrays.copyOf(full, full.length / 2));
    Files.copy(BundledResources.extract(BundledResources.MINILM_TOKENIZER), dir.resolve("tokenizer.json"));
    assertThatThrownBy(() -> Backbones.bertOnnx(cut))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated.onnx")
        .hasMessageContaining("in tensor 'embeddings.word_embeddings.weight'");
  }

  @Test
  void shapeMismatchSaysExpectedAndFound() {
    OnnxGraph graph = OnnxGraph.parse("mini.onnx", OnnxSource.classpath(BundledResources.MINILM_ONNX).read());
    OnnxBertTensors tensors = new OnnxBertTensors(graph);
    assertThatThrownBy(() -> tensors.get("encoder.layer.0.attention.self.query.weight", 384, 385))
        .hasMessageContaining("mini.onnx").hasMessageContaining("query").hasMessageContaining("[384, 385]")
        .hasMessageContaining("[384, 384]");
    assertThatThrownBy(() -> tensors.get("encoder.layer.9.output.dense.bias", 384))
        .hasMessageContaining("mini.onnx").hasMessageContaining("encoder.layer.9.output.dense.bias");
  }

  @Test
  void splitLayerBeyondTheModelIsRejected() {
    assertThatThrownBy(() -> new MiniLmBackboneFactory().load(new BackboneOptions("minilm", "", 7)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..6");
  }
}
