package dev.bahe.stores;

import static dev.bahe.stores.StoreTestSupport.key;
import static dev.bahe.stores.StoreTestSupport.metadata;
import static dev.bahe.stores.StoreTestSupport.text;
import static dev.bahe.stores.StoreTestSupport.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.KeyCollisionException;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreException;
import dev.bahe.api.store.StoreMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BehaviorStore} contract. Each store's test extends this class and names its store; stores that
 * do not persist override {@link #persistent()}.
 */
abstract class BehaviorStoreContractTest {

  static final int D = 16;

  @TempDir Path tempDir;

  /** Registry name of the store under test. */
  protected abstract String storeName();

  /** Whether the store survives close and reopen (the in-memory store does not). */
  protected boolean persistent() {
    return true;
  }

  /** Vectors in the slow large-scale test. */
  protected int largeCount() {
    return 1_000_000;
  }

  protected BehaviorStoreFactory factory() {
    BehaviorStoreFactory f = StoreTestSupport.factories().get(storeName());
    assertThat(f).as("store registered as '%s'", storeName()).isNotNull();
    return f;
  }

  /** The options the store under test is opened with. */
  protected StoreOptions options(String path, String dtype) {
    return new StoreOptions(storeName(), path, dtype);
  }

  protected BehaviorStore open(StoreMetadata m) {
    return factory().open(options(tempDir.resolve("store").toString(), m.dtype()), m);
  }

  protected BehaviorStore open() {
    return open(metadata(D, "float32"));
  }

  static void putRange(BehaviorStore store, int from, int to, int d) {
    for (int i = from; i < to; i++) {
      store.put(key(i), text(i), vector(i, d));
    }
  }

  /**
   * Opens the store in {@code dir} writing through {@code disk}, or returns null for a store that writes no
   * files (the disk-full test is then skipped).
   */
  protected BehaviorStore openOnDisk(Path dir, StoreMetadata m, DiskBudget disk) {
    return null;
  }

  /**
   * A flush that runs out of disk (ENOSPC) anywhere in its writes or syncs fails with an error that says so;
   * the store then reopens at its previous commit with every flushed vector bit-exact and none of the failed
   * flush's, and once there is room the same writes succeed.
   */
  @Test
  void flushThatRunsOutOfDiskReportsItAndReopensAtThePreviousCommit() {
    StoreMetadata m = metadata(D, "float32");
    DiskBudget counting = DiskBudget.unlimited();
    BehaviorStore probe = openOnDisk(tempDir.resolve("probe"), m, counting);
    assumeTrue(probe != null, "the store writes no files");
    long flushBytes;
    try (probe) {
      putRange(probe, 0, 50, D);
      probe.flush();
      long before = counting.written();
      putRange(probe, 50, 150, D);
      probe.flush();
      flushBytes = counting.written() - before;
    }
    assertThat(flushBytes).isPositive();

    Path dir = tempDir.resolve("disk-full");
    try (BehaviorStore store = openOnDisk(dir, m, DiskBudget.unlimited())) {
      putRange(store, 0, 50, D);
      store.flush();
    }
    List<DiskBudget> disks = new ArrayList<>();
    for (long room : new long[] {0, 1, 2, 8, 24, 100, flushBytes / 4, flushBytes / 2, flushBytes * 3 / 4,
        flushBytes - 41, flushBytes - 8, flushBytes - 1}) {
      disks.add(DiskBudget.of(Math.max(0, room)));
    }
    disks.add(DiskBudget.failingSync());
    for (DiskBudget disk : disks) {
      BehaviorStore store = openOnDisk(dir, m, disk);
      putRange(store, 50, 150, D);
      assertThatThrownBy(store::flush).as("flush with room for %d bytes", disk.written())
          .isInstanceOf(StoreException.class).hasMessageContaining(DiskBudget.NO_SPACE);
      store.close();
      try (BehaviorStore reopened = openOnDisk(dir, m, DiskBudget.unlimited())) {
        assertThat(reopened.size()).isEqualTo(50);
        assertHolds(reopened, 0, 50, D);
        assertThat(reopened.contains(key(50))).isFalse();
        assertThat(reopened.contains(key(149))).isFalse();
      }
    }
    try (BehaviorStore store = openOnDisk(dir, m, DiskBudget.unlimited())) {
      putRange(store, 50, 150, D);
      store.flush();
    }
    try (BehaviorStore reopened = openOnDisk(dir, m, DiskBudget.unlimited())) {
      assertThat(reopened.size()).isEqualTo(150);
      assertHolds(reopened, 0, 150, D);
    }
    recordFigure("disk-full-" + getClass().getSimpleName(),
        "{\"store\": \"" + storeName() + "\", \"failedFlushes\": " + disks.size()
            + ", \"reopenedAtPreviousCommit\": " + disks.size() + "}");
  }

  /** Writes one JSON figure to {@code target/reliability/<name>.json} for the reliability summary. */
  static void recordFigure(String name, String json) {
    try {
      Path file = Path.of("target", "reliability", name + ".json");
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.writeString(file, json + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertHolds(BehaviorStore store, int from, int to, int d) {
    for (int i = from; i < to; i++) {
      float[] expected = vector(i, d);
      assertThat(store.get(key(i))).as("vector %d", i).hasValueSatisfying(v -> assertThat(v).containsExactly(
          expected));
      assertThat(store.text(key(i))).hasValue(text(i));
    }
  }

  @Test
  void roundTripIsBitExact() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 50, D);
      store.flush();
      assertThat(store.size()).isEqualTo(50);
      assertThat(store.dimension()).isEqualTo(D);
      assertThat(store.metadata()).isEqualTo(metadata(D, "float32"));
      assertHolds(store, 0, 50, D);
      for (int i = 0; i < 50; i++) {
        assertThat(store.contains(key(i))).isTrue();
        float[] v = store.get(key(i)).orElseThrow();
        float[] expected = vector(i, D);
        for (int j = 0; j < D; j++) {
          assertThat(Float.floatToRawIntBits(v[j])).isEqualTo(Float.floatToRawIntBits(expected[j]));
        }
      }
      Set<Long> keys = new HashSet<>();
      store.forEachKey(keys::add);
      assertThat(keys).hasSize(50).contains(key(0), key(49));
    }
  }

  @Test
  void writesAreInvisibleUntilFlush() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 10, D);
      assertThat(store.size()).isZero();
      assertThat(store.contains(key(3))).isFalse();
      assertThat(store.get(key(3))).isEmpty();
      assertThat(store.text(key(3))).isEmpty();
      float[] out = new float[D];
      assertThat(store.gather(new long[] {key(3)}, out, 0).missing()).containsExactly(0);
      store.flush();
      assertThat(store.size()).isEqualTo(10);
      assertThat(store.contains(key(3))).isTrue();
      store.flush(); // an empty flush is fine
      assertThat(store.size()).isEqualTo(10);
    }
  }

  @Test
  void bulkGatherKeepsKeyOrderAndOffset() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 20, D);
      store.putAll(new long[] {key(20), key(21)}, new String[] {text(20), text(21)},
          concat(vector(20, D), vector(21, D)));
      store.flush();
      int[] order = {21, 3, 3, 0, 17, 20, 9};
      long[] keys = Arrays.stream(order).mapToLong(StoreTestSupport::key).toArray();
      int offset = 5;
      float[] out = new float[offset + keys.length * D + 3];
      Arrays.fill(out, -7f);
      GatherResult r = store.gather(keys, out, offset);
      assertThat(r.found()).isEqualTo(order.length);
      assertThat(r.complete()).isTrue();
      for (int p = 0; p < order.length; p++) {
        assertThat(Arrays.copyOfRange(out, offset + p * D, offset + (p + 1) * D)).as("row %d", p)
            .containsExactly(vector(order[p], D));
      }
      assertThat(Arrays.copyOfRange(out, 0, offset)).containsOnly(-7f);
      assertThat(Arrays.copyOfRange(out, offset + keys.length * D, out.length)).containsOnly(-7f);
    }
  }

  @Test
  void missingKeysAreZeroFilledAndReported() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 5, D);
      store.flush();
      long[] keys = {key(1), key(100), key(4), key(101), key(102)};
      float[] out = new float[keys.length * D];
      Arrays.fill(out, Float.NaN);
      GatherResult r = store.gather(keys, out, 0);
      assertThat(r.found()).isEqualTo(2);
      assertThat(r.missing()).containsExactly(1, 3, 4);
      assertThat(Arrays.copyOfRange(out, D, 2 * D)).containsOnly(0f);
      assertThat(Arrays.copyOfRange(out, 3 * D, 5 * D)).containsOnly(0f);
      assertThat(Arrays.copyOfRange(out, 2 * D, 3 * D)).containsExactly(vector(4, D));
      assertThat(store.get(key(100))).isEmpty();
      assertThat(store.text(key(100))).isEmpty();
    }
  }

  @Test
  void keyZeroIsNeverStoredAndGathersAsMissing() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 3, D);
      store.flush();
      long[] keys = {0L, key(1)};
      float[] out = new float[keys.length * D];
      Arrays.fill(out, Float.NaN);
      GatherResult r = store.gather(keys, out, 0);
      assertThat(r.missing()).containsExactly(0);
      assertThat(Arrays.copyOfRange(out, 0, D)).containsOnly(0f);
      assertThat(store.contains(0L)).isFalse();
      assertThat(store.get(0L)).isEmpty();
    }
  }

  @Test
  void duplicatePutWithSameVectorIsANoOp() {
    try (BehaviorStore store = open()) {
      store.put(key(1), text(1), vector(1, D));
      store.put(key(1), text(1), vector(1, D)); // pending duplicate
      store.flush();
      store.put(key(1), text(1), vector(1, D)); // committed duplicate
      store.flush();
      assertThat(store.size()).isEqualTo(1);
      assertHolds(store, 1, 2, D);
    }
  }

  @Test
  void duplicatePutWithDifferentVectorFails() {
    try (BehaviorStore store = open()) {
      store.put(key(1), text(1), vector(1, D));
      assertThatThrownBy(() -> store.put(key(1), text(1), vector(2, D)))
          .isInstanceOf(StoreException.class).isNotInstanceOf(KeyCollisionException.class)
          .hasMessageContaining("different vector");
      store.flush();
      assertThatThrownBy(() -> store.put(key(1), text(1), vector(2, D)))
          .isInstanceOf(StoreException.class).hasMessageContaining("different vector");
      store.flush();
      assertThat(store.size()).isEqualTo(1);
      assertHolds(store, 1, 2, D);
    }
  }

  @Test
  void sameKeyWithAnotherTextIsACollision() {
    try (BehaviorStore store = open()) {
      store.put(key(1), text(1), vector(1, D));
      assertThatThrownBy(() -> store.put(key(1), "another text", vector(1, D)))
          .isInstanceOf(KeyCollisionException.class).hasMessageContaining("another text");
      store.flush();
      assertThatThrownBy(() -> store.put(key(1), "another text", vector(3, D)))
          .isInstanceOf(KeyCollisionException.class).hasMessageContaining(text(1));
      assertThat(store.text(key(1))).hasValue(text(1));
    }
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    try (BehaviorStore store = open()) {
      assertThatThrownBy(() -> store.put(key(1), text(1), new float[D + 1]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length " + (D + 1));
      float[] nan = vector(1, D);
      nan[3] = Float.NaN;
      assertThatThrownBy(() -> store.put(key(1), text(1), nan))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
      assertThatThrownBy(() -> store.put(0L, text(1), vector(1, D)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 0");
      assertThatThrownBy(() -> store.putAll(new long[] {key(1)}, new String[] {text(1)}, new float[D - 1]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("putAll");
      assertThatThrownBy(() -> store.gather(new long[] {key(1), key(2)}, new float[2 * D - 1], 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out has length");
      store.flush();
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void closedStoreRefusesUse() {
    BehaviorStore store = open();
    putRange(store, 0, 3, D);
    store.flush();
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.gather(new long[] {key(0)}, new float[D], 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.put(key(9), text(9), vector(9, D)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reopenKeepsFlushedAndDropsUnflushed() {
    assumeTrue(persistent(), "store does not persist");
    try (BehaviorStore store = open()) {
      putRange(store, 0, 100, D);
      store.flush();
      putRange(store, 100, 110, D); // never flushed
    }
    try (BehaviorStore store = open()) {
      assertThat(store.size()).isEqualTo(100);
      assertHolds(store, 0, 100, D);
      assertThat(store.contains(key(105))).isFalse();
      putRange(store, 100, 150, D); // append after reopen
      store.flush();
    }
    try (BehaviorStore store = open()) {
      assertThat(store.size()).isEqualTo(150);
      assertHolds(store, 0, 150, D);
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() {
    assumeTrue(persistent(), "store does not persist");
    try (BehaviorStore store = open()) {
      assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("already open");
      putRange(store, 0, 2, D); // the refused open left the first one working
      store.flush();
      assertThat(store.size()).isEqualTo(2);
    }
  }

  @Test
  void openingWithAnotherEncoderConfigurationFailsNamingTheField() {
    assumeTrue(persistent(), "store does not persist");
    try (BehaviorStore store = open()) {
      putRange(store, 0, 3, D);
      store.flush();
    }
    StoreMetadata original = metadata(D, "float32");
    StoreMetadata otherSplit = new StoreMetadata(new dev.bahe.api.model.EncoderIdentity(
        original.encoder().modelName(), original.encoder().weightsChecksum(), 4, "mean", D, 32), "float32");
    assertThatThrownBy(() -> open(otherSplit))
        .isInstanceOf(MetadataMismatchException.class)
        .hasMessageContaining("splitLayer: 3 != 4")
        .satisfies(e -> assertThat(((MetadataMismatchException) e).differences())
            .containsExactly("splitLayer: 3 != 4"));
    StoreMetadata otherWeights = new StoreMetadata(new dev.bahe.api.model.EncoderIdentity(
        original.encoder().modelName(), "cd".repeat(32), 3, "mean", D, 32), "float32");
    assertThatThrownBy(() -> open(otherWeights))
        .isInstanceOf(MetadataMismatchException.class).hasMessageContaining("weightsChecksum");
    assertThatThrownBy(() -> open(metadata(D, "float16")))
        .isInstanceOf(MetadataMismatchException.class).hasMessageContaining("dtype: float32 != float16");
    try (BehaviorStore store = open()) { // the refused opens left the store intact
      assertHolds(store, 0, 3, D);
    }
  }

  @Test
  void float16KeepsHalfPrecision() {
    int d = 32;
    StoreMetadata m = metadata(d, "float16");
    try (BehaviorStore store = open(m)) {
      for (int i = 0; i < 40; i++) {
        float[] v = vector(i, d);
        v[1] = v[1] * 1000f;
        v[2] = v[2] * 1e-6f; // subnormal in float16
        store.put(key(i), text(i), v);
      }
      assertThatThrownBy(() -> {
        float[] big = vector(99, d);
        big[0] = 70000f;
        store.put(key(99), text(99), big);
      }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows float16");
      store.flush();
    }
    try (BehaviorStore store = persistent() ? open(m) : null) {
      if (store == null) {
        return;
      }
      for (int i = 0; i < 40; i++) {
        float[] v = vector(i, d);
        v[1] = v[1] * 1000f;
        v[2] = v[2] * 1e-6f;
        float[] got = store.get(key(i)).orElseThrow();
        for (int j = 0; j < d; j++) {
          assertThat(got[j]).isEqualTo(Float16.round(v[j]));
          assertThat(Math.abs(got[j] - v[j])).isLessThanOrEqualTo(Math.max(Math.abs(v[j]) * 0x1p-11f, 0x1p-25f));
        }
      }
    }
  }

  @Test
  void float16RoundingHappensInTheStoreToo() {
    int d = 8;
    try (BehaviorStore store = open(metadata(d, "float16"))) {
      float[] v = {1.0f + 0x1p-12f, 0.1f, -3.14159f, 65504f, 1e-5f, 2049f, -0.5f, 7f};
      store.put(key(1), text(1), v);
      store.put(key(1), text(1), v); // same input, same rounded vector: no-op
      store.flush();
      float[] got = store.get(key(1)).orElseThrow();
      assertThat(got).containsExactly(1.0f, Float16.round(0.1f), Float16.round(-3.14159f), 65504f,
          Float16.round(1e-5f), 2048f, -0.5f, 7f);
    }
  }

  @Test
  void concurrentReadersNeverSeePartialVectors() throws Exception {
    int d = 64;
    int total = 2000;
    int batch = 250;
    try (BehaviorStore store = open(metadata(d, "float32"))) {
      AtomicInteger flushed = new AtomicInteger();
      AtomicBoolean done = new AtomicBoolean();
      Queue<String> errors = new ConcurrentLinkedQueue<>();
      AtomicLong sawFound = new AtomicLong();
      AtomicLong sawMissing = new AtomicLong();
      Thread writer = new Thread(() -> {
        try {
          float[] v = new float[d];
          for (int b = 0; b < total / batch; b++) {
            for (int i = b * batch; i < (b + 1) * batch; i++) {
              Arrays.fill(v, i + 1f);
              store.put(key(i), text(i), v);
            }
            store.flush();
            flushed.set((b + 1) * batch);
          }
        } catch (Throwable t) {
          errors.add("writer: " + t);
        } finally {
          done.set(true);
        }
      });
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = t;
        readers.add(new Thread(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          int[] idx = new int[50];
          long[] keys = new long[50];
          float[] out = new float[50 * d];
          while (!done.get() && errors.isEmpty()) {
            int visibleBefore = flushed.get();
            for (int k = 0; k < idx.length; k++) {
              idx[k] = random.nextInt(total);
              keys[k] = key(idx[k]);
            }
            GatherResult r;
            try {
              r = store.gather(keys, out, 0);
            } catch (Throwable e) {
              errors.add("reader: " + e);
              return;
            }
            Set<Integer> missing = new HashSet<>();
            for (int p : r.missing()) {
              missing.add(p);
            }
            for (int k = 0; k < idx.length; k++) {
              float expected = missing.contains(k) ? 0f : idx[k] + 1f;
              if (missing.contains(k) && idx[k] < visibleBefore) {
                errors.add("flushed key " + idx[k] + " reported missing");
              }
              for (int j = 0; j < d; j++) {
                if (out[k * d + j] != expected) {
                  errors.add("key " + idx[k] + " component " + j + " = " + out[k * d + j] + ", expected "
                      + expected);
                  break;
                }
              }
            }
            sawFound.addAndGet(r.found());
            sawMissing.addAndGet(r.missing().length);
            java.util.concurrent.locks.LockSupport.parkNanos(100_000); // leave the writer some CPU
          }
        }));
      }
      readers.forEach(Thread::start);
      writer.start();
      writer.join(120_000);
      for (Thread r : readers) {
        r.join(10_000);
      }
      assertThat(errors).isEmpty();
      assertThat(sawFound.get()).isPositive();
      assertThat(sawMissing.get()).isPositive();
      assertThat(store.size()).isEqualTo(total);
    }
  }

  @Test
  @Tag("slow")
  void holdsALargeTableAtD384() {
    int d = 384;
    int n = largeCount();
    int block = 10_000;
    try (BehaviorStore store = open(metadata(d, "float32"))) {
      long[] keys = new long[block];
      String[] texts = new String[block];
      float[] vectors = new float[block * d];
      for (int start = 0; start < n; start += block) {
        int m = Math.min(block, n - start);
        for (int i = 0; i < m; i++) {
          keys[i] = key(start + i);
          texts[i] = text(start + i);
          System.arraycopy(vector(start + i, d), 0, vectors, i * d, d);
        }
        store.putAll(Arrays.copyOf(keys, m), Arrays.copyOf(texts, m), Arrays.copyOf(vectors, m * d));
        if ((start + m) % 200_000 == 0) {
          store.flush();
        }
      }
      store.flush();
      assertThat(store.size()).isEqualTo(n);
      SplittableRandom random = new SplittableRandom(7);
      int[] idx = random.ints(300, 0, n).toArray();
      long[] sample = Arrays.stream(idx).mapToLong(StoreTestSupport::key).toArray();
      float[] out = new float[sample.length * d];
      assertThat(store.gather(sample, out, 0).complete()).isTrue();
      for (int p = 0; p < idx.length; p++) {
        assertThat(Arrays.copyOfRange(out, p * d, (p + 1) * d)).containsExactly(vector(idx[p], d));
      }
    }
    if (persistent()) { // reopening verifies the whole table
      try (BehaviorStore store = open(metadata(d, "float32"))) {
        assertThat(store.size()).isEqualTo(n);
        assertThat(store.get(key(n - 1))).hasValueSatisfying(v -> assertThat(v).containsExactly(vector(n - 1, d)));
      }
    }
  }

  static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
