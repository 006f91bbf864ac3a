package dev.bahe.stores;

import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.StoreMetadata;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The {@code memory} store: a {@link LongIntHashTable} from key to row, rows in chunked {@code float[]}s of
 * {@value #CHUNK_ROWS} rows (no per-vector objects, no copy of the whole table when it grows), texts in
 * chunked {@code String[]}s for collision detection. Nothing is persisted; a closed store is gone.
 *
 * <p>With dtype {@code float16} rows are kept as floats already rounded to binary16, so every store returns
 * the same numbers for the same input. Thread-safety as in {@link AbstractBehaviorStore}.
 */
final class MemoryBehaviorStore extends AbstractBehaviorStore {

  static final int CHUNK_ROWS = 4096;

  private final LongIntHashTable index = new LongIntHashTable(1024);
  private float[][] rows = new float[0][];
  private String[][] texts = new String[0][];
  private int size;
  @SuppressWarnings("unused") // written by gather so that the JIT keeps its row loads
  private float lastFirstValues;

  MemoryBehaviorStore(StoreMetadata metadata) {
    super("memory store", metadata);
  }

  @Override
  public long size() {
    long stamp = lock.readLock();
    try {
      return size;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public boolean contains(long key) {
    ensureOpen();
    long stamp = lock.readLock();
    try {
      return index.get(key) >= 0;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public GatherResult gather(long[] keys, float[] out, int offset) {
    checkGather(keys, out, offset);
    int d = dimension;
    Missing missing = new Missing();
    int[] found = new int[keys.length];
    long stamp = lock.readLock();
    try {
      ensureOpen();
      // two passes: the independent hash probes, and a load of each found row's first cache line, overlap their
      // cache misses; then the rows are copied, starting from cache
      float[][] chunks = rows;
      float firstValues = 0f;
      for (int i = 0; i < keys.length; i++) {
        int row = index.get(keys[i]);
        found[i] = row;
        if (row >= 0) {
          firstValues += chunks[row / CHUNK_ROWS][(row % CHUNK_ROWS) * d];
        }
      }
      lastFirstValues = firstValues; // keeps the loads from being optimised away
      for (int i = 0; i < keys.length; i++) {
        int row = found[i];
        int dst = offset + i * d;
        if (row < 0) {
          Arrays.fill(out, dst, dst + d, 0f);
          missing.add(i);
        } else {
          System.arraycopy(chunks[row / CHUNK_ROWS], (row % CHUNK_ROWS) * d, out, dst, d);
        }
      }
    } finally {
      lock.unlockRead(stamp);
    }
    return missing.result(keys.length);
  }

  @Override
  public Optional<String> text(long key) {
    ensureOpen();
    long stamp = lock.readLock();
    try {
      int row = index.get(key);
      return row < 0 ? Optional.empty() : Optional.of(texts[row / CHUNK_ROWS][row % CHUNK_ROWS]);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void forEachKey(LongConsumer action) {
    ensureOpen();
    long[] keys;
    long stamp = lock.readLock();
    try {
      keys = new long[size];
      int[] n = {0};
      index.forEachKey(k -> keys[n[0]++] = k);
    } finally {
      lock.unlockRead(stamp);
    }
    for (long k : keys) {
      action.accept(k);
    }
  }

  @Override
  protected void doFlush(PendingWrites writes) {
    int n = writes.size();
    if (n == 0) {
      return;
    }
    if ((long) size + n > Integer.MAX_VALUE - CHUNK_ROWS) {
      throw new IllegalStateException("memory store is full: " + size + " rows");
    }
    int d = dimension;
    // Allocate outside the lock; readers never look at rows >= size, so filling them early is invisible.
    int chunksNeeded = (size + n + CHUNK_ROWS - 1) / CHUNK_ROWS;
    float[][] newRows = rows;
    String[][] newTexts = texts;
    if (chunksNeeded > rows.length) {
      newRows = Arrays.copyOf(rows, chunksNeeded);
      newTexts = Arrays.copyOf(texts, chunksNeeded);
      for (int c = rows.length; c < chunksNeeded; c++) {
        newRows[c] = new float[CHUNK_ROWS * d];
        newTexts[c] = new String[CHUNK_ROWS];
      }
    }
    for (int i = 0; i < n; i++) {
      int row = size + i;
      System.arraycopy(writes.vectors(), writes.offset(i), newRows[row / CHUNK_ROWS], (row % CHUNK_ROWS) * d, d);
      newTexts[row / CHUNK_ROWS][row % CHUNK_ROWS] = writes.text(i);
    }
    long stamp = lock.writeLock();
    try {
      rows = newRows;
      texts = newTexts;
      for (int i = 0; i < n; i++) {
        index.put(writes.key(i), size + i);
      }
      size += n;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  protected void doClose() {
    rows = new float[0][];
    texts = new String[0][];
    index.clear();
    size = 0;
  }
}
