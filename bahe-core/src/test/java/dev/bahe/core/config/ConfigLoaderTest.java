package dev.bahe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.core.model.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  @Test
  void defaultsAreComplete() {
    ExperimentConfig config = loader.defaults();
    assertThat(config.variant()).isEqualTo(Variant.BAHE);
    assertThat(config.backbone().name()).isEqualTo("minilm");
    assertThat(config.head().hiddenSizes()).containsExactly(256, 64);
    assertThat(config.training().batchSize()).isEqualTo(32);
    assertThat(config.sequence().itemEncoding()).isEqualTo(ItemEncoding.TOKENS);
    assertThat(loader.load(null, List.of("sequence.itemEncoding=pooled")).sequence().itemEncoding())
        .isEqualTo(ItemEncoding.POOLED);
  }

  @Test
  void fileThenOverridesMergeOverDefaults() throws Exception {
    Path file = write("""
        variant: llm-ctr
        head:
          name: dcnv2
          dropout: 0.2
        training:
          epochs: 5
        """);
    ExperimentConfig config =
        loader.load(file, List.of("training.epochs=7", "head.hiddenSizes=[128, 32, 8]", "store.name=lucene"));
    assertThat(config.variant()).isEqualTo(Variant.LLM_CTR);
    assertThat(config.head().name()).isEqualTo("dcnv2");
    assertThat(config.head().dropout()).isEqualTo(0.2);
    assertThat(config.head().activation()).isEqualTo("relu"); // untouched default
    assertThat(config.head().hiddenSizes()).containsExactly(128, 32, 8);
    assertThat(config.training().epochs()).isEqualTo(7);
    assertThat(config.store().name()).isEqualTo("lucene");
  }

  @Test
  void unknownKeyInFileIsNamed() throws Exception {
    Path file = write("""
        training:
          batchSize: 16
          crossing_layers: 3
        """);
    assertThatThrownBy(() -> loader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("training.crossing_layers")
        .hasMessageContaining("batchSize");
  }

  @Test
  void unknownOverrideKeyIsNamed() {
    assertThatThrownBy(() -> loader.load(null, List.of("head.crossLayerz=2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("head.crossLayerz");
  }

  @Test
  void wrongTypeIsNamed() {
    assertThatThrownBy(() -> loader.load(null, List.of("training.batchSize=large")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.batchSize");
    assertThatThrownBy(() -> loader.load(null, List.of("head=3")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'head'");
  }

  @Test
  void invalidValueIsNamedWithReason() {
    assertThatThrownBy(() -> loader.load(null, List.of("variant=bahe2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("variant")
        .hasMessageContaining("llm-ctr");
    assertThatThrownBy(() -> loader.load(null, List.of("head.dropout=1.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("head")
        .hasMessageContaining("dropout");
    assertThatThrownBy(() -> loader.load(null, List.of("training.microBatchSize=5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("microBatchSize");
    assertThatThrownBy(() -> loader.load(null, List.of("sequence.itemEncoding=vector")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("itemEncoding")
        .hasMessageContaining("tokens, pooled");
  }

  @Test
  void malformedOverrideAndMissingFileAreClear() {
    assertThatThrownBy(() -> loader.load(null, List.of("epochs")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key=value");
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> loader.load(missing, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void yamlRoundTrip() {
    ExperimentConfig config = loader.load(null, List.of("variant=fp", "training.seed=99", "head.hiddenSizes=[16]"));
    ExperimentConfig again = loader.fromYaml(loader.toYaml(config), "round-trip");
    assertThat(again).isEqualTo(config);
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, yaml);
    return file;
  }
  @Test
  void errorsNameFileLineAndKey() throws Exception {
    Path file = dir.resolve("exp.yaml");
    Files.writeString(file, "# comment\ntraining:\n  seed: 2\n  batchSize: -1\n");
    assertThatThrownBy(() -> loader.load(file, List.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":4: invalid value for key 'training.batchSize'");

    Files.writeString(file, "variant: bahe\nhead:\n  dropout: 0.1\n  dropout: 0.2\n");
    assertThatThrownBy(() -> loader.load(file, List.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":4: ").hasMessageContaining("dropout");

    Files.writeString(file, "variant: null\n");
    assertThatThrownBy(() -> loader.load(file, List.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":1: invalid value for key 'variant'");

    Files.write(file, new byte[] {'o', 'u', 't', 'p', 'u', 't', ':', ' ', 'a', '\n', 'v', ':', (byte) 0xFF, '\n'});
    assertThatThrownBy(() -> loader.load(file, List.of())).isInstanceOf(ConfigException.class)
        .hasMessage(file + ":2: not valid UTF-8 text");
  }
}
