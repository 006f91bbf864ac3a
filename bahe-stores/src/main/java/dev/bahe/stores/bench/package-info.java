/**
 * Store benchmarks: {@link dev.bahe.stores.bench.StoreGatherBenchmark} measures random-gather throughput
 * (vectors per second for batches of keys), the training step's read pattern. The {@code bahe bench stores}
 * command of the examples module calls it and prints {@link dev.bahe.stores.bench.GatherThroughput#toJson()}.
 */
package dev.bahe.stores.bench;
