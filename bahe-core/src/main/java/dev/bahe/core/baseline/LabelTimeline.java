package dev.bahe.core.baseline;

import java.util.Arrays;

/**
 * The labelled impressions of one key (an item or a user) in time order, answering "how many, and how many
 * positive, strictly before {@code t}" with a binary search and a prefix sum. Immutable.
 */
final class LabelTimeline {

  private final long[] times;
  private final int[] positivesBefore;

  /**
   * @param times impression times, any order
   * @param labels the 0/1 labels, parallel to {@code times}
   */
  LabelTimeline(long[] times, int[] labels) {
    int n = times.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
    this.times = new long[n];
    this.positivesBefore = new int[n + 1];
    for (int i = 0; i < n; i++) {
      this.times[i] = times[order[i]];
      positivesBefore[i + 1] = positivesBefore[i] + labels[order[i]];
    }
  }

  /** Number of impressions with time {@code < t}. */
  int countBefore(long t) {
    return firstNotBefore(times, t);
  }

  /** Number of positives among the first {@code count} impressions in time order. */
  int positivesAmongFirst(int count) {
    return positivesBefore[count];
  }

  /** Index of the first element {@code >= t} in ascending {@code times}: the count of elements {@code < t}. */
  static int firstNotBefore(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
