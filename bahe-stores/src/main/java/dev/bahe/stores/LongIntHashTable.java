package dev.bahe.stores;

import java.util.function.LongConsumer;

/**
 * Open-addressing hash table from {@code long} keys to non-negative {@code int} values, with linear probing
 * and no boxing. Key {@code 0} marks an empty slot, which is safe because {@link dev.bahe.api.key.BehaviorKeys}
 * never produces it. No removal (stores are append-only). The load factor stays below 1/2.
 *
 * <p>Not thread-safe: stores guard it with a read/write lock (many concurrent {@link #get} calls, or one
 * mutator).
 */
final class LongIntHashTable {

  private static final int MAX_CAPACITY = 1 << 30;

  private long[] keys;
  private int[] values;
  private int mask;
  private int size;

  LongIntHashTable(int expected) {
    int capacity = 16;
    while (capacity < 2L * Math.max(expected, 1) && capacity < MAX_CAPACITY) {
      capacity <<= 1;
    }
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** The value of {@code key}, or {@code -1} when absent. */
  int get(long key) {
    long[] k = keys;
    int m = mask;
    int i = mix(key) & m;
    while (true) {
      long slot = k[i];
      if (slot == key) {
        return values[i];
      }
      if (slot == 0L) {
        return -1;
      }
      i = (i + 1) & m;
    }
  }

  /** Maps {@code key} (non-zero) to {@code value} ({@code >= 0}); returns the previous value or {@code -1}. */
  int put(long key, int value) {
    if (key == 0L) {
      throw new IllegalArgumentException("key 0 is reserved as the empty marker");
    }
    if (value < 0) {
      throw new IllegalArgumentException("value must be >= 0, was " + value);
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int i = mix(key) & mask;
    while (true) {
      long slot = keys[i];
      if (slot == key) {
        int previous = values[i];
        values[i] = value;
        return previous;
      }
      if (slot == 0L) {
        keys[i] = key;
        values[i] = value;
        size++;
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  void clear() {
    java.util.Arrays.fill(keys, 0L);
    size = 0;
  }

  void forEachKey(LongConsumer action) {
    for (long key : keys) {
      if (key != 0L) {
        action.accept(key);
      }
    }
  }

  private void grow() {
    if (keys.length >= MAX_CAPACITY) {
      throw new IllegalStateException("hash table full: " + size + " keys");
    }
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long key = oldKeys[j];
      if (key != 0L) {
        int i = mix(key) & mask;
        while (keys[i] != 0L) {
          i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = oldValues[j];
      }
    }
  }
}
