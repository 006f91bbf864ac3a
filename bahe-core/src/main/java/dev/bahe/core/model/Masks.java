package dev.bahe.core.model;

/** Mask helpers on row-major {@code [rows, length]} int64 masks. */
final class Masks {

  private Masks() {}

  /**
   * The attention mask for a pooling mask: equal to it, except that a row with no position at all attends to
   * its first position (a zero or padding input). Attention over an all-masked row is undefined (it can give
   * NaN); the pooling mask keeps such a row out of the representation, which pools to zeros.
   */
  static long[] attentionFor(long[] poolMask, int rows, int length) {
    long[] attention = poolMask.clone();
    for (int r = 0; r < rows; r++) {
      int base = r * length;
      boolean any = false;
      for (int j = 0; j < length && !any; j++) {
        any = attention[base + j] != 0;
      }
      if (!any) {
        attention[base] = 1;
      }
    }
    return attention;
  }

  /** Clears row {@code r} of a mask. */
  static void clearRow(long[] mask, int r, int length) {
    java.util.Arrays.fill(mask, r * length, (r + 1) * length, 0L);
  }
}
