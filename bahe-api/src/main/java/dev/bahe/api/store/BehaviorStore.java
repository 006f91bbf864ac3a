package dev.bahe.api.store;

import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The behaviour store: the offline ABE table {@code E}, one {@code d}-dimensional vector per unique atomic
 * behaviour, keyed by {@link dev.bahe.api.key.BehaviorKeys}. Written once by the frozen encoder, read on every
 * training step and at serving time.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Writes ({@link #put}, {@link #putAll}) become visible to readers and durable only after
 *       {@link #flush()}, which is atomic: after a crash, every flushed record is intact and bit-exact and no
 *       part of an unflushed one is visible.
 *   <li>A key is stored with its normalised text. Putting a key again with the same text and the same vector
 *       is a no-op; with a different text it throws {@link KeyCollisionException}; with the same text and a
 *       different vector it throws {@link StoreException}. No vector is ever shared by two texts.
 *   <li>Reads are thread-safe and may run concurrently with one writer thread. Writes come from one thread at
 *       a time.
 *   <li>A store never returns a torn, corrupt or foreign vector: corruption detected on open or read throws
 *       {@link StoreCorruptedException}; opening with different {@link StoreMetadata} throws
 *       {@link MetadataMismatchException}.
 * </ul>
 */
public interface BehaviorStore extends AutoCloseable {

  StoreMetadata metadata();

  /** Vector dimension {@code d}. */
  default int dimension() {
    return metadata().dimension();
  }

  /** Number of vectors visible to readers (flushed). */
  long size();

  /** Whether a flushed vector exists for {@code key}. */
  boolean contains(long key);

  /** Stores one vector of length {@code d} for {@code key}, whose normalised text is {@code text}. */
  void put(long key, String text, float[] vector);

  /**
   * Stores {@code keys.length} vectors given row-major in {@code vectors} ({@code keys.length * d} values),
   * with their texts in the same order.
   */
  void putAll(long[] keys, String[] texts, float[] vectors);

  /** Makes all previous writes durable and visible, atomically. */
  void flush();

  /**
   * Copies the vectors of {@code keys} into {@code out} starting at {@code offset}, row after row in key
   * order ({@code keys.length * d} floats). Rows of missing keys are zero-filled and reported. This is the
   * training step's hot path: one call per batch, no per-key allocation.
   */
  GatherResult gather(long[] keys, float[] out, int offset);

  /** The vector of one key, or empty. */
  Optional<float[]> get(long key);

  /** The normalised text stored under {@code key}, or empty. */
  Optional<String> text(long key);

  /** Calls {@code action} with every flushed key, in unspecified order. */
  void forEachKey(LongConsumer action);

  /** Flushes nothing: unflushed writes are discarded. Releases files and memory. */
  @Override
  void close();
}
