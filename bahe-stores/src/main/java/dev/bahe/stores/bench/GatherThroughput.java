package dev.bahe.stores.bench;

/**
 * Result of one {@link StoreGatherBenchmark} run.
 *
 * @param store store name
 * @param dtype storage dtype
 * @param reads how the {@code file} store serves reads ({@code resident} or {@code mapped})
 * @param vectors number of stored vectors
 * @param dimension vector dimension
 * @param batch keys per gather call
 * @param threads concurrent reader threads
 * @param fillSeconds time to put and flush all vectors
 * @param gathers gather calls measured
 * @param gatheredVectors vectors copied during the measurement
 * @param seconds measured wall time
 * @param vectorsPerSecond {@code gatheredVectors / seconds}
 * @param cpuSeconds CPU time of the reader threads during the measurement
 * @param vectorsPerCpuSecond {@code gatheredVectors / cpuSeconds}: the store's cost, less sensitive to other
 *     load on the machine than the wall-clock rate
 * @param loadAverage the system load average (1 min) at the end, for context; {@code -1} if unknown
 */
public record GatherThroughput(
    String store,
    String dtype,
    String reads,
    long vectors,
    int dimension,
    int batch,
    int threads,
    double fillSeconds,
    long gathers,
    long gatheredVectors,
    double seconds,
    double vectorsPerSecond,
    double cpuSeconds,
    double vectorsPerCpuSecond,
    double loadAverage) {

  /** One JSON object, for {@code bahe bench stores}. */
  public String toJson() {
    return String.format(java.util.Locale.ROOT,
        "{\"store\":\"%s\",\"dtype\":\"%s\",\"reads\":\"%s\",\"vectors\":%d,\"dimension\":%d,\"batch\":%d,\"threads\":%d,"
            + "\"fillSeconds\":%.3f,\"gathers\":%d,\"gatheredVectors\":%d,\"seconds\":%.3f,"
            + "\"vectorsPerSecond\":%.0f,\"cpuSeconds\":%.3f,\"vectorsPerCpuSecond\":%.0f,\"loadAverage\":%.2f}",
        store, dtype, reads, vectors, dimension, batch, threads, fillSeconds, gathers, gatheredVectors, seconds,
        vectorsPerSecond, cpuSeconds, vectorsPerCpuSecond, loadAverage);
  }
}
