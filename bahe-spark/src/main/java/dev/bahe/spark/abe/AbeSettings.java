package dev.bahe.spark.abe;

/**
 * How the ABE job runs.
 *
 * @param partitions encode partitions (tasks); texts are hash-partitioned by key, so the same input always gives
 *     the same partitions, batches and vectors
 * @param batchSize texts per encoder call
 * @param failPartitionOnce for recovery drills: the first attempt of this partition's task throws after encoding
 *     (-1: never)
 * @param overwrite replace an existing output table
 */
public record AbeSettings(int partitions, int batchSize, int failPartitionOnce, boolean overwrite) {

  public AbeSettings {
    if (partitions < 1 || batchSize < 1) {
      throw new IllegalArgumentException("partitions and batchSize must be positive, were " + partitions + " and "
          + batchSize);
    }
  }
}
