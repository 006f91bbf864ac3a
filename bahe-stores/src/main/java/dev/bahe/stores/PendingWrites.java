package dev.bahe.stores;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The writes of a store since its last flush: keys, texts and rows (already rounded to the storage dtype) in
 * insertion order, with a key index for duplicate detection. Owned by the single writer; not thread-safe.
 */
final class PendingWrites {

  private final int dimension;
  private final LongIntHashTable index = new LongIntHashTable(1024);
  private final List<String> texts = new ArrayList<>();
  private long[] keys = new long[1024];
  private float[] vectors;
  private int size;

  PendingWrites(int dimension) {
    this.dimension = dimension;
    this.vectors = new float[Math.max(1, 64 * dimension)];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Position of {@code key} among the pending writes, or {@code -1}. */
  int indexOf(long key) {
    return index.get(key);
  }

  long key(int i) {
    return keys[i];
  }

  String text(int i) {
    return texts.get(i);
  }

  /** The array holding row {@code i} at {@link #offset(int)}; valid until the next {@link #add}. */
  float[] vectors() {
    return vectors;
  }

  int offset(int i) {
    return i * dimension;
  }

  /** Whether row {@code i} equals {@code row[0, d)} bit for bit. */
  boolean rowEquals(int i, float[] row) {
    return Arrays.equals(vectors, i * dimension, (i + 1) * dimension, row, 0, dimension);
  }

  void add(long key, String text, float[] row) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    long needed = (long) (size + 1) * dimension;
    if (needed > vectors.length) {
      long grown = Math.max(needed, 2L * vectors.length);
      if (grown > Integer.MAX_VALUE - 8) {
        if (needed > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException(
              "too many unflushed vectors (" + size + " at d=" + dimension + "): call flush() more often");
        }
        grown = Integer.MAX_VALUE - 8;
      }
      vectors = Arrays.copyOf(vectors, (int) grown);
    }
    System.arraycopy(row, 0, vectors, size * dimension, dimension);
    keys[size] = key;
    texts.add(text);
    index.put(key, size);
    size++;
  }

  void clear() {
    if (size > 0) {
      index.clear();
      texts.clear();
      size = 0;
      if (vectors.length > 1 << 24) {
        vectors = new float[Math.max(1, 64 * dimension)];
        keys = new long[1024];
      }
    }
  }
}
