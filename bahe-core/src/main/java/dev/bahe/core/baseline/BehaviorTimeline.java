package dev.bahe.core.baseline;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.UserHistory;
import java.util.Arrays;
import java.util.List;

/**
 * One user's behaviours of every type merged into one time line, with per-type prefix counts, so that both "how
 * many behaviours of type {@code j} before {@code t}" and "how many of type {@code j} among the most recent
 * {@code W} before {@code t}" are a binary search and two array reads. Behaviours with equal times are ordered by
 * type index (the dataset's type order), so the window is deterministic. Immutable.
 */
final class BehaviorTimeline {

  private final long[] times;
  /** {@code prefix[j][k]}: behaviours of type {@code j} among the first {@code k} of the time line. */
  private final int[][] prefix;

  BehaviorTimeline(UserHistory history, List<BehaviorType> types) {
    int total = 0;
    for (BehaviorType type : types) {
      total += history.all(type).size();
    }
    long[] packedTimes = new long[total];
    int[] packedTypes = new int[total];
    int n = 0;
    for (int j = 0; j < types.size(); j++) {
      for (Behavior b : history.all(types.get(j))) {
        packedTimes[n] = b.timestamp();
        packedTypes[n] = j;
        n++;
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Long.compare(packedTimes[a], packedTimes[b]);
      return c != 0 ? c : Integer.compare(packedTypes[a], packedTypes[b]);
    });
    this.times = new long[total];
    this.prefix = new int[types.size()][total + 1];
    for (int k = 0; k < total; k++) {
      int i = order[k];
      times[k] = packedTimes[i];
      for (int j = 0; j < types.size(); j++) {
        prefix[j][k + 1] = prefix[j][k] + (packedTypes[i] == j ? 1 : 0);
      }
    }
  }

  /** Behaviours of every type with time {@code < t}. */
  int countBefore(long t) {
    return LabelTimeline.firstNotBefore(times, t);
  }

  /** Behaviours of type {@code j} at positions {@code [from, to)} of the time line. */
  int countOfType(int j, int from, int to) {
    return prefix[j][to] - prefix[j][from];
  }
}
