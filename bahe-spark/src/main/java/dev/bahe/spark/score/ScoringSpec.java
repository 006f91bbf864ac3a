package dev.bahe.spark.score;

import java.io.File;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkFiles;

/**
 * What an executor needs to open the scoring model: the checkpoint (shipped with the job under a name that
 * identifies its parameters, {@code SparkContext.addFile}, never broadcast as bytes), a backbone file the
 * checkpoint's configuration names by path (shipped the same way), the behaviour types of the history table and
 * the encoder identity of the ABE table (JSON of {@code StoreMetadata}) the executor's store holds.
 *
 * @param checkpointName the shipped checkpoint directory's name
 * @param backboneName the shipped backbone file's or directory's name, or null when the backbone is bundled
 * @param types the behaviour type names, in sequence order
 * @param metadataJson the ABE table's {@code StoreMetadata} as JSON
 */
public record ScoringSpec(String checkpointName, String backboneName, List<String> types, String metadataJson)
    implements Serializable {

  public ScoringSpec {
    types = List.copyOf(types);
  }

  /** The checkpoint directory on this JVM. */
  File checkpointHere() {
    return new File(SparkFiles.get(checkpointName));
  }

  /** The backbone path on this JVM, or null when the configuration's own path stands. */
  String backboneHere() {
    return backboneName == null ? null : SparkFiles.get(backboneName);
  }
}
