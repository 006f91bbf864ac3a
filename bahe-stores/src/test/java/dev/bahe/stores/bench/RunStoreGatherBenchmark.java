package dev.bahe.stores.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line runner for {@link StoreGatherBenchmark} (test scope; the {@code bahe bench stores} command is
 * the user-facing one). Arguments: store [vectors] [dimension] [batch] [seconds] [threads] [dtype] [dir]
 * [reads].
 * Prints one JSON line.
 */
public final class RunStoreGatherBenchmark {

  private RunStoreGatherBenchmark() {}

  public static void main(String[] args) throws Exception {
    String store = args[0];
    int vectors = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int dimension = args.length > 2 ? Integer.parseInt(args[2]) : 384;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    String dtype = args.length > 6 ? args[6] : "float32";
    Path dir = args.length > 7 ? Path.of(args[7]) : Files.createTempDirectory("bahe-bench-" + store);
    String reads = args.length > 8 ? args[8] : "resident";
    GatherThroughput r = StoreGatherBenchmark.run(new StoreGatherBenchmark.Config(store, dir, vectors, dimension,
        batch, Duration.ofSeconds(seconds), threads, dtype, reads, 250_000, 42L));
    System.out.println(r.toJson());
  }
}
