package dev.bahe.examples.cli;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.UnknownComponentException;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.stores.StoresModule;
import dev.bahe.stores.bench.GatherThroughput;
import dev.bahe.stores.bench.StoreGatherBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe bench stores}: fills each behaviour store with {@code --vectors} random vectors of dimension
 * {@code --dim}, then measures random gathers of {@code --batch} keys (the training step's access pattern) for
 * {@code --seconds}, and prints one JSON object per store with vectors gathered per second
 * ({@link StoreGatherBenchmark} of bahe-stores).
 */
@Command(name = "stores", mixinStandardHelpOptions = true,
    description = {"Random-gather throughput of the behaviour stores (vectors/s).",
        "Prints one JSON line per store on standard output."})
final class BenchStoresCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--stores", split = ",", paramLabel = "NAME",
      description = "Stores to measure, comma-separated (default: every registered store).")
  List<String> stores;

  @Option(names = "--vectors", defaultValue = "100000", paramLabel = "N",
      description = "Vectors stored before measuring (default: ${DEFAULT-VALUE}).")
  int vectors;

  @Option(names = "--dim", defaultValue = "384", paramLabel = "D",
      description = "Vector dimension (default: ${DEFAULT-VALUE}, MiniLM's hidden size).")
  int dimension;

  @Option(names = "--batch", defaultValue = "300", paramLabel = "K",
      description = "Keys per gather (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
      description = "Measured seconds per store, after a warm-up (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
      description = "Concurrent reader threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--dtype", paramLabel = "TYPE",
      description = "float32 or float16 (default: store.dtype of the configuration).")
  String dtype;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the stores are written (default: a temporary folder, deleted afterwards).")
  Path directory;

  @Override
  public Integer call() throws IOException {
    ExperimentConfig config = common.load();
    Map<String, BehaviorStoreFactory> registered = new TreeMap<>(Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {})));
    List<String> names = stores == null || stores.isEmpty() ? List.copyOf(registered.keySet()) : stores;
    for (String name : names) {
      if (!registered.containsKey(name)) {
        throw new UnknownComponentException(ComponentKind.STORE, name, registered.keySet());
      }
    }
    String type = dtype != null ? dtype : config.store().dtype();
    String readMode = config.store().reads(); // --set store.reads=mapped to measure mapped reads
    boolean temporary = directory == null;
    Path root = temporary ? Files.createTempDirectory("bahe-bench-stores") : directory;
    PrintWriter out = spec.commandLine().getOut();
    List<GatherThroughput> results = new ArrayList<>();
    try (ProgressBar bar = Progress.bar("bench stores", names.size(), "stores")) {
      for (String name : names) {
        bar.setExtraMessage(name);
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        StoreGatherBenchmark.Config c = new StoreGatherBenchmark.Config(name, dir, vectors, dimension, batch,
            Duration.ofMillis((long) (seconds * 1000)), threads, type, readMode, 250_000,
            config.training().seed());
        GatherThroughput r = StoreGatherBenchmark.run(registered.get(name), c);
        results.add(r);
        out.println(r.toJson());
        out.flush();
        bar.step();
      }
    } finally {
      if (temporary) {
        deleteRecursively(root);
      }
    }
    JsonResults.write(common.jsonFile(), "bench stores", config, results);
    return 0;
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete benchmark folder " + root, e);
    }
  }
}
