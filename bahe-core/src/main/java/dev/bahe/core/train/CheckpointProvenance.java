package dev.bahe.core.train;

import ai.djl.engine.Engine;
import java.time.Instant;

/**
 * Where a checkpoint came from, written next to it as {@code provenance.json}.
 *
 * @param formatVersion version of the checkpoint layout ({@link Checkpoints#FORMAT_VERSION})
 * @param model the model's name
 * @param dataset the dataset's name
 * @param seed the training seed
 * @param epoch 1-based epoch the parameters are from
 * @param step optimizer steps taken when saved
 * @param validAuc validation AUC of these parameters (NaN without validation)
 * @param baheVersion version of bahe-core
 * @param djlVersion DJL version
 * @param engine deep learning engine name and version
 * @param java Java runtime version
 * @param os operating system and architecture
 * @param createdAt ISO-8601 time of writing
 * @param parametersSha256 hex SHA-256 of {@code model.params}, checked on load
 */
public record CheckpointProvenance(
    int formatVersion,
    String model,
    String dataset,
    long seed,
    int epoch,
    long step,
    double validAuc,
    String baheVersion,
    String djlVersion,
    String engine,
    String java,
    String os,
    String createdAt,
    String parametersSha256) {

  /** Provenance for the current runtime; the checksum is filled in by {@link Checkpoints#save}. */
  public static CheckpointProvenance of(String model, String dataset, long seed, int epoch, long step,
      double validAuc) {
    Engine engine = Engine.getInstance();
    String bahe = CheckpointProvenance.class.getPackage().getImplementationVersion();
    return new CheckpointProvenance(Checkpoints.FORMAT_VERSION, model, dataset, seed, epoch, step, validAuc,
        bahe == null ? "development" : bahe, Engine.getDjlVersion(),
        engine.getEngineName() + " " + engine.getVersion(), System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now().toString(), "");
  }

  CheckpointProvenance withChecksum(String sha256) {
    return new CheckpointProvenance(formatVersion, model, dataset, seed, epoch, step, validAuc, baheVersion,
        djlVersion, engine, java, os, createdAt, sha256);
  }
}
