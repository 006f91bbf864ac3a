package dev.bahe.stores;

import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.KeyCollisionException;
import dev.bahe.api.store.StoreException;
import dev.bahe.api.store.StoreMetadata;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;

/**
 * What every store shares: input validation, dtype rounding, the pending (unflushed) writes with duplicate and
 * collision detection, and the locking discipline.
 *
 * <p>Concurrency: writers ({@code put}, {@code putAll}, {@code flush}, {@code close}) serialise on a monitor.
 * The committed (visible) state is read under {@link #lock}'s read lock and replaced under its write lock,
 * which a flush holds only while it publishes already-durable data, so readers never see a partial vector.
 */
abstract class AbstractBehaviorStore implements BehaviorStore {

  static final int[] NO_MISSING = new int[0];

  protected final String description;
  protected final StoreMetadata metadata;
  protected final int dimension;
  protected final boolean float16;
  /** Guards the committed state: read lock for readers, write lock to publish a flush or close. */
  protected final StampedLock lock = new StampedLock();

  private final Object writeMonitor = new Object();
  private final PendingWrites pending;
  private final float[] scratch;
  private final float[] committedScratch;
  private volatile boolean closed;

  AbstractBehaviorStore(String description, StoreMetadata metadata) {
    this.description = description;
    this.metadata = metadata;
    this.dimension = metadata.dimension();
    this.float16 = metadata.dtype().equals("float16");
    this.pending = new PendingWrites(dimension);
    this.scratch = new float[dimension];
    this.committedScratch = new float[dimension];
  }

  @Override
  public final StoreMetadata metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return description;
  }

  @Override
  public final void put(long key, String text, float[] vector) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
    if (vector.length != dimension) {
      throw new IllegalArgumentException(String.format(
          "vector for key %016x has length %d, but %s has dimension %d", key, vector.length, description,
          dimension));
    }
    synchronized (writeMonitor) {
      ensureOpen();
      putRow(key, text, vector, 0);
    }
  }

  @Override
  public final void putAll(long[] keys, String[] texts, float[] vectors) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(texts, "texts");
    Objects.requireNonNull(vectors, "vectors");
    if (texts.length != keys.length || (long) keys.length * dimension != vectors.length) {
      throw new IllegalArgumentException(String.format(
          "putAll needs keys.length == texts.length and vectors.length == keys.length * %d; got %d keys, %d "
              + "texts, %d floats", dimension, keys.length, texts.length, vectors.length));
    }
    synchronized (writeMonitor) {
      ensureOpen();
      for (int i = 0; i < keys.length; i++) {
        putRow(keys[i], Objects.requireNonNull(texts[i], "texts[" + i + "]"), vectors, i * dimension);
      }
    }
  }

  private void putRow(long key, String text, float[] src, int offset) {
    if (key == 0L) {
      throw new IllegalArgumentException("key 0 is reserved and never produced by BehaviorKeys");
    }
    for (int j = 0; j < dimension; j++) {
      float v = src[offset + j];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(String.format(
            "vector for key %016x ('%s') has a non-finite component %s at %d", key, text, v, j));
      }
      if (float16) {
        v = Float16.round(v);
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(String.format(
              "vector for key %016x ('%s') component %d = %s overflows float16 (max %s)", key, text, j,
              src[offset + j], Float16.MAX_VALUE));
        }
      }
      scratch[j] = v;
    }
    validateRow(key, text, scratch);
    int p = pending.indexOf(key);
    if (p >= 0) {
      checkDuplicate(key, pending.text(p), text, pending.rowEquals(p, scratch));
      return;
    }
    Optional<String> stored = text(key);
    if (stored.isPresent()) {
      gather(new long[] {key}, committedScratch, 0);
      checkDuplicate(key, stored.get(), text, Arrays.equals(committedScratch, scratch));
      return;
    }
    pending.add(key, text, scratch);
  }

  private void checkDuplicate(long key, String storedText, String newText, boolean sameVector) {
    if (!storedText.equals(newText)) {
      throw new KeyCollisionException(key, storedText, newText);
    }
    if (!sameVector) {
      throw new StoreException(String.format(
          "key %016x ('%s') is already in %s with a different vector: a behaviour's vector is written once, "
              + "by one encoder", key, storedText, description));
    }
  }

  /** A store-specific check of one rounded row before it is accepted (e.g. non-zero for cosine). */
  protected void validateRow(long key, String text, float[] row) {}

  @Override
  public final void flush() {
    synchronized (writeMonitor) {
      ensureOpen();
      doFlush(pending);
      pending.clear();
    }
  }

  /**
   * Makes {@code writes} durable and then visible (publishing under the write lock). On failure nothing may
   * become visible; the writes stay pending so that a later flush retries them.
   */
  protected abstract void doFlush(PendingWrites writes);

  @Override
  public final void close() {
    synchronized (writeMonitor) {
      if (closed) {
        return;
      }
      long stamp = lock.writeLock();
      try {
        closed = true;
        pending.clear();
        doClose();
      } finally {
        lock.unlockWrite(stamp);
      }
    }
  }

  /** Releases resources; called once, under the write lock. */
  protected abstract void doClose();

  protected final void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  /** Checks a gather's arguments; returns nothing, throws naming the problem. */
  protected final void checkGather(long[] keys, float[] out, int offset) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(out, "out");
    long end = (long) offset + (long) keys.length * dimension;
    if (offset < 0 || end > out.length) {
      throw new IllegalArgumentException(String.format(
          "gather of %d keys at d=%d needs out[%d, %d), but out has length %d", keys.length, dimension, offset,
          end, out.length));
    }
    ensureOpen();
  }

  /** Collects missing positions of a gather without allocating when none are missing. */
  static final class Missing {
    private int[] positions = NO_MISSING;
    private int count;

    void add(int position) {
      if (count == positions.length) {
        positions = Arrays.copyOf(positions, Math.max(8, count * 2));
      }
      positions[count++] = position;
    }

    GatherResult result(int total) {
      return new GatherResult(total - count, count == 0 ? NO_MISSING : Arrays.copyOf(positions, count));
    }
  }

  @Override
  public Optional<float[]> get(long key) {
    float[] row = new float[dimension];
    GatherResult r = gather(new long[] {key}, row, 0);
    return r.complete() ? Optional.of(row) : Optional.empty();
  }
}
