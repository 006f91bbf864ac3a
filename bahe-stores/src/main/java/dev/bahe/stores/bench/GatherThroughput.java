package dev.bahe.stores.bench;

/**
 * Result of one {@link StoreGatherBenchmark} run.
 *
 * @param store store name
 * @param dtype storage dtype
 * @param vectors number of stored vectors
 * @param dimension vector dimension
 * @param batch keys per gather call
 * @param threads concurrent reader threads
 * @param fillSeconds time to put and flush all vectors
 * @param gathers gather calls measured
 * @param gatheredVectors vectors copied during the measurement
 * @param seconds measured wall time
 * @param vectorsPerSecond {@code gatheredVectors / seconds}
 */
public record GatherThroughput(
    String store,
    String dtype,
    long vectors,
    int dimension,
    int batch,
    int threads,
    double fillSeconds,
    long gathers,
    long gatheredVectors,
    double seconds,
    double vectorsPerSecond) {

  /** One JSON object, for {@code bahe bench stores}. */
  public String toJson() {
    return String.format(java.util.Locale.ROOT,
        "{\"store\":\"%s\",\"dtype\":\"%s\",\"vectors\":%d,\"dimension\":%d,\"batch\":%d,\"threads\":%d,"
            + "\"fillSeconds\":%.3f,\"gathers\":%d,\"gatheredVectors\":%d,\"seconds\":%.3f,"
            + "\"vectorsPerSecond\":%.0f}",
        store, dtype, vectors, dimension, batch, threads, fillSeconds, gathers, gatheredVectors, seconds,
        vectorsPerSecond);
  }
}
