package dev.bahe.stores;

import java.util.function.LongConsumer;

/**
 * Open-addressing hash table from {@code long} keys to non-negative {@code int} values, with linear probing
 * and no boxing. Each slot is two adjacent longs (key, value) in one array, so a lookup touches one cache
 * line. Key {@code 0} marks an empty slot, which is safe because {@link dev.bahe.api.key.BehaviorKeys} never
 * produces it. No removal (stores are append-only). The load factor stays below 1/2.
 *
 * <p>Not thread-safe: stores guard it with a read/write lock (many concurrent {@link #get} calls, or one
 * mutator).
 */
final class LongIntHashTable {

  private static final int MAX_SLOTS = 1 << 29;

  private long[] slots; // slots[2i] = key, slots[2i + 1] = value
  private int mask;
  private int size;

  LongIntHashTable(int expected) {
    int capacity = 16;
    while (capacity < 2L * Math.max(expected, 1) && capacity < MAX_SLOTS) {
      capacity <<= 1;
    }
    slots = new long[2 * capacity];
    mask = capacity - 1;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** The value of {@code key}, or {@code -1} when absent (always for 0, the empty marker, which is no key). */
  int get(long key) {
    if (key == 0L) {
      return -1;
    }
    long[] s = slots;
    int m = mask;
    int i = mix(key) & m;
    while (true) {
      long slot = s[2 * i];
      if (slot == key) {
        return (int) s[2 * i + 1];
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
    if (2L * (size + 1) > mask + 1) {
      grow();
    }
    int i = mix(key) & mask;
    while (true) {
      long slot = slots[2 * i];
      if (slot == key) {
        int previous = (int) slots[2 * i + 1];
        slots[2 * i + 1] = value;
        return previous;
      }
      if (slot == 0L) {
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
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
    java.util.Arrays.fill(slots, 0L);
    size = 0;
  }

  void forEachKey(LongConsumer action) {
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0L) {
        action.accept(slots[i]);
      }
    }
  }

  private void grow() {
    int capacity = mask + 1;
    if (capacity >= MAX_SLOTS) {
      throw new IllegalStateException("hash table full: " + size + " keys");
    }
    long[] old = slots;
    slots = new long[4 * capacity];
    mask = 2 * capacity - 1;
    for (int j = 0; j < old.length; j += 2) {
      long key = old[j];
      if (key != 0L) {
        int i = mix(key) & mask;
        while (slots[2 * i] != 0L) {
          i = (i + 1) & mask;
        }
        slots[2 * i] = key;
        slots[2 * i + 1] = old[j + 1];
      }
    }
  }
}
