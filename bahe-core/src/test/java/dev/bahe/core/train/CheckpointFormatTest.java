package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.HeadInteractions;
import dev.bahe.core.config.HistorySummary;
import dev.bahe.core.config.PositionOrigin;
import dev.bahe.core.config.UserSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoint layouts are read, and how an older layout's configuration is completed. */
class CheckpointFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A checkpoint directory as {@code version} wrote it: a v3 configuration has no {@code historySummary}. */
  private static Path checkpoint(Path dir, int version, String configYaml) throws Exception {
    ExperimentConfig config = new ConfigLoader().load(null, List.of("training.seed=5"));
    CheckpointProvenance p = CheckpointProvenance.of("bahe", "test", 5, 1, 10, 0.5);
    Checkpoints.save(dir, new byte[] {1, 2, 3}, config, p);
    ObjectNode provenance = (ObjectNode) JSON.readTree(dir.resolve(Checkpoints.PROVENANCE_FILE).toFile());
    provenance.put("formatVersion", version);
    JSON.writeValue(dir.resolve(Checkpoints.PROVENANCE_FILE).toFile(), provenance);
    if (configYaml != null) {
      Files.writeString(dir.resolve(Checkpoints.CONFIG_FILE), configYaml);
    }
    return dir;
  }

  @Test
  void aVersion3CheckpointIsReadWithoutAHistorySummary(@TempDir Path dir) throws Exception {
    String yaml = Files.readString(checkpoint(dir.resolve("probe"), 4, null).resolve(Checkpoints.CONFIG_FILE));
    assertThat(yaml).contains("historySummary");
    // the layout of version 3: the same configuration without the key it did not know
    String v3 = yaml.replaceAll("(?m)^\\s*historySummary:.*\\n", "");
    assertThat(v3).doesNotContain("historySummary");
    Path ckpt = checkpoint(dir.resolve("v3"), 3, v3);
    assertThat(Checkpoints.readProvenance(ckpt).formatVersion()).isEqualTo(3);
    ExperimentConfig read = Checkpoints.readConfig(ckpt).orElseThrow();
    assertThat(read.sequence().historySummary()).isEqualTo(HistorySummary.NONE);
    assertThat(read.training().seed()).isEqualTo(5);
  }

  @Test
  void aVersion4CheckpointIsReadWithoutProductInteractionsWhateverTheDefault(@TempDir Path dir) throws Exception {
    // version 4 wrote no interactions key; whatever today's default, its head read Q_u ⊕ Q_i only
    OlderAndCurrent read = withoutKey(dir, 4, "interactions", "product");
    assertThat(read.older().sequence().interactions()).isEqualTo(HeadInteractions.NONE);
    assertThat(read.current().sequence().interactions()).isEqualTo(HeadInteractions.PRODUCT);
  }

  @Test
  void aVersion5CheckpointIsReadWithOneSequencePerType(@TempDir Path dir) throws Exception {
    // version 5 wrote no userSequence key; its upper layers read one sequence per type
    OlderAndCurrent read = withoutKey(dir, 5, "userSequence", "merged");
    assertThat(read.older().sequence().userSequence()).isEqualTo(UserSequence.PER_TYPE);
    assertThat(read.current().sequence().userSequence()).isEqualTo(UserSequence.MERGED);
  }

  @Test
  void aVersion6CheckpointIsReadWithPositionsFromTheOldest(@TempDir Path dir) throws Exception {
    // version 6 wrote no positionOrigin key; its behaviour positions counted from a sequence's oldest behaviour
    OlderAndCurrent read = withoutKey(dir, 6, "positionOrigin", "newest");
    assertThat(read.older().sequence().positionOrigin()).isEqualTo(PositionOrigin.OLDEST);
    assertThat(read.current().sequence().positionOrigin()).isEqualTo(PositionOrigin.NEWEST);
  }

  private record OlderAndCurrent(ExperimentConfig older, ExperimentConfig current) {}

  /**
   * The configuration of a checkpoint saved with {@code sequence.key=value} as it is read today, and as it is read
   * from an older {@code version}'s layout, which did not write the key.
   */
  private static OlderAndCurrent withoutKey(Path dir, int version, String key, String value) throws Exception {
    ExperimentConfig config = new ConfigLoader().load(null, List.of("sequence." + key + "=" + value));
    Path current = dir.resolve("current");
    Checkpoints.save(current, new byte[] {1}, config, CheckpointProvenance.of("bahe", "test", 1, 1, 1, 0.5));
    String yaml = Files.readString(current.resolve(Checkpoints.CONFIG_FILE));
    assertThat(yaml).contains(key + ": \"" + value + "\"");
    String older = yaml.replaceAll("(?m)^\\s*" + key + ":.*\\n", "");
    assertThat(older).doesNotContain(key);
    Path ckpt = checkpoint(dir.resolve("v" + version), version, older);
    return new OlderAndCurrent(Checkpoints.readConfig(ckpt).orElseThrow(), Checkpoints.readConfig(current).orElseThrow());
  }

  @Test
  void aCurrentCheckpointKeepsItsHistorySummary(@TempDir Path dir) throws Exception {
    ExperimentConfig config = new ConfigLoader().load(null, List.of("sequence.historySummary=mean"));
    Checkpoints.save(dir, new byte[] {1}, config, CheckpointProvenance.of("bahe", "test", 1, 1, 1, 0.5));
    assertThat(Checkpoints.readConfig(dir).orElseThrow().sequence().historySummary()).isEqualTo(HistorySummary.MEAN);
  }

  @Test
  void olderAndNewerLayoutsAreRefusedNamingTheVersions(@TempDir Path dir) throws Exception {
    for (int version : new int[] {2, Checkpoints.FORMAT_VERSION + 1}) {
      Path ckpt = checkpoint(dir.resolve("v" + version), version, null);
      assertThatThrownBy(() -> Checkpoints.readProvenance(ckpt))
          .hasMessageContaining("format version " + version)
          .hasMessageContaining("reads 3 to " + Checkpoints.FORMAT_VERSION);
    }
  }
}
