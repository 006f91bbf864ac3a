package dev.bahe.stores;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk with room for a fixed number of bytes: writes past it, or a sync once it is exhausted, fail with the
 * {@code IOException} the JDK reports for ENOSPC. An unlimited budget only counts what is written.
 */
final class DiskBudget {

  static final String NO_SPACE = "No space left on device";

  private final long limit;
  private final boolean failSync;
  private final AtomicLong written = new AtomicLong();

  private DiskBudget(long limit, boolean failSync) {
    this.limit = limit;
    this.failSync = failSync;
  }

  /** Room for {@code bytes} bytes; a sync fails only after a write has failed. */
  static DiskBudget of(long bytes) {
    return new DiskBudget(bytes, false);
  }

  /** Every write fits but every sync fails (space is found missing when the OS writes the data back). */
  static DiskBudget failingSync() {
    return new DiskBudget(Long.MAX_VALUE, true);
  }

  static DiskBudget unlimited() {
    return new DiskBudget(Long.MAX_VALUE, false);
  }

  /** Claims room for {@code n} bytes, or fails when the disk cannot hold them. */
  void write(long n) throws IOException {
    long after = written.addAndGet(n);
    if (after > limit) {
      written.addAndGet(-n);
      throw new IOException(NO_SPACE);
    }
  }

  /** How many of {@code n} bytes still fit (at least 0). */
  long room(long n) {
    return Math.max(0, Math.min(n, limit - written.get()));
  }

  void sync() throws IOException {
    if (failSync || written.get() >= limit) {
      throw new IOException(NO_SPACE);
    }
  }

  long written() {
    return written.get();
  }
}
