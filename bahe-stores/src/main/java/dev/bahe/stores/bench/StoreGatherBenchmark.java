package dev.bahe.stores.bench;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.api.registry.UnknownComponentException;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.stores.StoresModule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random-gather throughput of a behaviour store, as the training step uses it: fills a store with
 * {@code vectors} random vectors of dimension {@code dimension}, gathers every key once (so mapped pages are
 * resident, as in a training run that reads the table over and over), then calls {@link BehaviorStore#gather}
 * with batches of {@code batch} uniformly random stored keys for {@code duration} (after a warm-up of a
 * quarter of it, at least one second), and reports vectors gathered per second, per wall-clock second and per
 * CPU second of the reader threads. Every gather is checked to be complete.
 *
 * <p>Usage: {@code StoreGatherBenchmark.run(new StoreGatherBenchmark.Config("file", dir, 1_000_000, 384, 300,
 * Duration.ofSeconds(10)))}. The store is created under {@code dir} (which should be empty) and left there.
 */
public final class StoreGatherBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(StoreGatherBenchmark.class);
  private static final int FILL_BLOCK = 10_000;

  /**
   * What to measure.
   *
   * @param store store name ({@code memory}, {@code file}, {@code lucene})
   * @param directory store directory (ignored by {@code memory})
   * @param vectors number of vectors to store (default 1,000,000)
   * @param dimension vector dimension (default 384)
   * @param batch keys per gather (default 300)
   * @param duration measured time
   * @param threads concurrent reader threads (default 1)
   * @param dtype {@code float32} or {@code float16}
   * @param reads {@code resident} or {@code mapped} (the {@code file} store's read mode)
   * @param flushEvery vectors between flushes while filling
   * @param seed random seed of vectors and key batches
   */
  public record Config(String store, Path directory, int vectors, int dimension, int batch, Duration duration,
      int threads, String dtype, String reads, int flushEvery, long seed) {

    public Config {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(dtype, "dtype");
      Objects.requireNonNull(reads, "reads");
      if (vectors < 1 || dimension < 1 || batch < 1 || threads < 1 || flushEvery < 1) {
        throw new IllegalArgumentException("vectors, dimension, batch, threads and flushEvery must be >= 1");
      }
    }

    /** Defaults: float32, resident reads, one thread, a flush every 250,000 vectors, seed 42. */
    public Config(String store, Path directory, int vectors, int dimension, int batch, Duration duration) {
      this(store, directory, vectors, dimension, batch, duration, 1, "float32", StoreOptions.RESIDENT, 250_000,
          42L);
    }
  }

  private StoreGatherBenchmark() {}

  /** Runs with the stores registered by {@link StoresModule}. */
  public static GatherThroughput run(Config config) {
    Map<String, BehaviorStoreFactory> stores = Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
    BehaviorStoreFactory factory = stores.get(config.store());
    if (factory == null) {
      throw new UnknownComponentException(ComponentKind.STORE, config.store(), stores.keySet());
    }
    return run(factory, config);
  }

  /** Runs with the given factory. */
  public static GatherThroughput run(BehaviorStoreFactory factory, Config config) {
    int d = config.dimension();
    StoreMetadata metadata = new StoreMetadata(
        new EncoderIdentity("bench-random", "0".repeat(64), 0, "none", d, 0), config.dtype());
    StoreOptions options = new StoreOptions(config.store(), config.directory().toString(), config.dtype(),
        config.reads());
    long[] keys = new long[config.vectors()];
    try (BehaviorStore store = factory.open(options, metadata)) {
      long fillStart = System.nanoTime();
      fill(store, keys, config);
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
      LOG.info("{}: filled {} vectors of d={} in {} s", config.store(), keys.length, d, fillSeconds);

      touchAll(store, keys, config);
      double warmup = Math.max(1.0, config.duration().toNanos() / 4e9);
      measure(store, keys, config, warmup, config.seed() + 1);
      long[] counted = measure(store, keys, config, config.duration().toNanos() / 1e9, config.seed() + 2);
      double seconds = counted[2] / 1e9;
      double cpuSeconds = counted[3] / 1e9;
      long gathered = counted[1];
      return new GatherThroughput(config.store(), config.dtype(), config.reads(), keys.length, d, config.batch(),
          config.threads(), fillSeconds, counted[0], gathered, seconds, gathered / seconds, cpuSeconds,
          cpuSeconds > 0 ? gathered / cpuSeconds : Double.NaN,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void fill(BehaviorStore store, long[] keys, Config config) {
    int d = config.dimension();
    SplittableRandom random = new SplittableRandom(config.seed());
    int sinceFlush = 0;
    for (int start = 0; start < keys.length; start += FILL_BLOCK) {
      int n = Math.min(FILL_BLOCK, keys.length - start);
      long[] blockKeys = new long[n];
      String[] texts = new String[n];
      float[] vectors = new float[n * d];
      for (int i = 0; i < n; i++) {
        texts[i] = "bench behaviour " + (start + i);
        blockKeys[i] = BehaviorKeys.keyOfNormalized(texts[i]);
        keys[start + i] = blockKeys[i];
        for (int j = 0; j < d; j++) {
          vectors[i * d + j] = (float) (random.nextDouble() * 2 - 1);
        }
      }
      store.putAll(blockKeys, texts, vectors);
      sinceFlush += n;
      if (sinceFlush >= config.flushEvery()) {
        store.flush();
        sinceFlush = 0;
      }
    }
    store.flush();
    if (store.size() != keys.length) {
      throw new IllegalStateException("store holds " + store.size() + " vectors after filling " + keys.length
          + " (duplicate keys among the generated texts?)");
    }
  }

  /**
   * Gathers every stored key once, in insertion order, so the measurement sees the steady state of a store
   * that training reads over and over (mapped pages faulted in, caches warm), not first-touch costs.
   */
  private static void touchAll(BehaviorStore store, long[] keys, Config config) {
    float[] out = new float[config.batch() * config.dimension()];
    for (int start = 0; start < keys.length; start += config.batch()) {
      long[] batch = java.util.Arrays.copyOfRange(keys, start, Math.min(keys.length, start + config.batch()));
      if (!store.gather(batch, out, 0).complete()) {
        throw new IllegalStateException("gather missed stored keys");
      }
    }
  }

  /**
   * Gathers random batches on {@code threads} threads for {@code seconds}; returns {gathers, vectors, wall
   * nanos, CPU nanos}.
   */
  private static long[] measure(BehaviorStore store, long[] keys, Config config, double seconds, long seed) {
    int threads = config.threads();
    AtomicLong gathers = new AtomicLong();
    AtomicLong cpuNanos = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long threadSeed = seed * 31 + t;
        futures.add(pool.submit(() -> gatherLoop(store, keys, config, deadline, threadSeed, gathers, cpuNanos)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("benchmark failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    long nanos = System.nanoTime() - start;
    return new long[] {gathers.get(), gathers.get() * config.batch(), nanos, cpuNanos.get()};
  }

  private static void gatherLoop(BehaviorStore store, long[] keys, Config config, long deadline, long seed,
      AtomicLong gathers, AtomicLong cpuNanos) {
    int batch = config.batch();
    int d = config.dimension();
    // pre-drawn key batches, so the loop measures the store, not the random generator
    // enough batches to touch every stored key about twice, so the working set is the whole store
    int batches = (int) Math.min(8192, Math.max(64, 2L * keys.length / batch + 1));
    long[][] drawn = new long[batches][batch];
    SplittableRandom random = new SplittableRandom(seed);
    for (long[] b : drawn) {
      for (int i = 0; i < batch; i++) {
        b[i] = keys[random.nextInt(keys.length)];
      }
    }
    float[] out = new float[batch * d];
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long cpuStart = cpu.isCurrentThreadCpuTimeSupported() ? cpu.getCurrentThreadCpuTime() : 0L;
    long done = 0;
    int next = 0;
    while (System.nanoTime() < deadline) {
      for (int k = 0; k < 16; k++) {
        GatherResult r = store.gather(drawn[next], out, 0);
        if (!r.complete()) {
          throw new IllegalStateException("gather missed " + r.missing().length + " stored keys");
        }
        next = (next + 1) % batches;
        done++;
      }
    }
    gathers.addAndGet(done);
    if (cpu.isCurrentThreadCpuTimeSupported()) {
      cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - cpuStart);
    }
  }
}
