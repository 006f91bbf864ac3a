package dev.bahe.spark.score;

/**
 * How the scoring job runs.
 *
 * @param partitions scoring tasks; impressions are hash-partitioned by user (a user's impressions share most of
 *     their behaviour vectors), items by id, so the same input always gives the same partitions and batches
 * @param batchSize impressions (items) per forward pass
 * @param skipBadRows skip and count impressions that cannot be scored (a history key missing from the ABE table)
 *     instead of stopping at the first
 * @param failPartitionOnce for recovery drills: the first attempt of this impression partition's task throws after
 *     its first batch (-1: never)
 * @param overwrite replace an existing output
 */
public record ScoreSettings(int partitions, int batchSize, boolean skipBadRows, int failPartitionOnce,
    boolean overwrite) {

  public ScoreSettings {
    if (partitions < 1 || batchSize < 1) {
      throw new IllegalArgumentException("partitions and batchSize must be positive, were " + partitions + " and "
          + batchSize);
    }
  }
}
