package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.config.BackboneOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderLoadErrorsTest {

  @TempDir
  Path dir;

  private Path copyFixture() throws IOException {
    Path src = DecoderFixtures.dir("qwen2");
    for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    return dir;
  }

  @Test
  void unsupportedArchitectureListsTheSupportedOnes() throws IOException {
    copyFixture();
    Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"], \"hidden_size\": 32}");
    assertThatThrownBy(() -> Backbones.decoder(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GPT2LMHeadModel").hasMessageContaining("LlamaForCausalLM")
        .hasMessageContaining("Qwen2ForCausalLM");
  }

  @Test
  void missingDirectoryAndMissingWeightsAreNamed() throws IOException {
    assertThatThrownBy(() -> new DecoderBackboneFactory().load(new BackboneOptions("llama",
        dir.resolve("absent").toString(), 1))).hasMessageContaining("absent");
    copyFixture();
    Files.delete(dir.resolve("model.safetensors"));
    assertThatThrownBy(() -> Backbones.decoder(dir)).hasMessageContaining("safetensors")
        .hasMessageContaining(dir.getFileName().toString());
  }

  @Test
  void corruptHeaderNamesTheFile() throws IOException {
    copyFixture();
    Files.write(dir.resolve("model.safetensors"), new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '{', 'n', 'o', 't', ' ',
        'j', 's', 'o', 'n', ' ', ' ', ' ', ' ', ' ', ' ', ' '});
    assertThatThrownBy(() -> Backbones.decoder(dir)).hasMessageContaining("corrupt safetensors file")
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws IOException {
    copyFixture();
    Path f = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> Backbones.decoder(dir)).hasMessageContaining("model.safetensors")
        .hasMessageContaining("tensor '");
  }

  @Test
  void shapeMismatchSaysExpectedAndFound() throws IOException {
    copyFixture();
    String cfg = Files.readString(dir.resolve("config.json")).replace("\"intermediate_size\": 48",
        "\"intermediate_size\": 50");
    Files.writeString(dir.resolve("config.json"), cfg);
    assertThatThrownBy(() -> Backbones.decoder(dir)).hasMessageContaining("mlp.gate_proj.weight")
        .hasMessageContaining("[50, 32]").hasMessageContaining("[48, 32]");
  }

  @Test
  void splitLayerBeyondTheModelIsRejected() throws IOException {
    copyFixture();
    assertThatThrownBy(() -> new DecoderBackboneFactory().load(new BackboneOptions("qwen2", dir.toString(), 3)))
        .hasMessageContaining("0..2");
  }
}
