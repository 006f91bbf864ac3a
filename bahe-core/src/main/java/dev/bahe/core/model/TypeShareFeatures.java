package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.core.config.TypeShares;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's per-type behaviour shares ({@link TypeShares}), per sample {@code n_1 / Σn … n_N / Σn} (all 0 for a
 * user without behaviour) over one or two windows of the history strictly before the sample's time:
 *
 * <ul>
 *   <li>{@link TypeShares#HISTORY}: {@code float32 [B, 2N]}, the shares over all the user's behaviours, then over
 *       the user's {@code M} most recent behaviours of any type (ties in time broken by type order), since recent
 *       behaviour predicts better than old (on MovieLens the like-rate over the last 20 ratings beats the one over
 *       all of them);
 *   <li>{@link TypeShares#SELECTED}: {@code float32 [B, N]}, the shares of the selected sequences, the behaviours
 *       the upper layers see.
 * </ul>
 *
 * <p>The same for every variant, since every variant reads the same selection. Thread-safe.
 */
final class TypeShareFeatures {

  private final TypeShares mode;
  private final List<BehaviorType> types;
  private final int recentWindow;

  /**
   * @param mode {@link TypeShares#HISTORY} or {@link TypeShares#SELECTED}
   * @param recentWindow {@code M}, the size of the recent window of {@link TypeShares#HISTORY}
   */
  TypeShareFeatures(TypeShares mode, List<BehaviorType> types, int recentWindow) {
    if (mode == TypeShares.NONE) {
      throw new IllegalArgumentException("type shares 'none' has no features");
    }
    if (recentWindow < 1) {
      throw new IllegalArgumentException("the recent window must hold at least one behaviour: " + recentWindow);
    }
    this.mode = mode;
    this.types = List.copyOf(types);
    this.recentWindow = recentWindow;
  }

  /** The width of the array {@link #build} returns: {@code 2N} for {@code history}, {@code N} for {@code selected}. */
  int width() {
    return mode == TypeShares.HISTORY ? 2 * types.size() : types.size();
  }

  /** The shares of every sample, one row each. */
  NDArray build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager) {
    int n = types.size();
    int width = width();
    float[] out = new float[samples.size() * width];
    int[] counts = new int[n];
    for (int b = 0; b < samples.size(); b++) {
      Sample s = samples.get(b);
      int row = b * width;
      if (mode == TypeShares.HISTORY) {
        for (int t = 0; t < n; t++) {
          counts[t] = s.history().countBefore(types.get(t), s.time());
        }
        writeShares(counts, out, row);
        recentCounts(s, counts);
        writeShares(counts, out, row + n);
      } else {
        for (int t = 0; t < n; t++) {
          counts[t] = selections.get(b).behaviors().get(t).size();
        }
        writeShares(counts, out, row);
      }
    }
    return manager.create(out, new Shape(samples.size(), width));
  }

  /** How many of the user's {@code M} most recent behaviours before the time are of each type. */
  private void recentCounts(Sample s, int[] counts) {
    int n = types.size();
    List<List<Behavior>> recent = new ArrayList<>(n);
    int[] next = new int[n];
    for (int t = 0; t < n; t++) {
      recent.add(s.history().recent(types.get(t), s.time(), recentWindow));
      next[t] = recent.get(t).size() - 1;
      counts[t] = 0;
    }
    // merge the per-type suffixes from the newest end; equal times go to the earlier type
    for (int taken = 0; taken < recentWindow; taken++) {
      int best = -1;
      for (int t = 0; t < n; t++) {
        if (next[t] >= 0 && (best < 0
            || recent.get(t).get(next[t]).timestamp() > recent.get(best).get(next[best]).timestamp())) {
          best = t;
        }
      }
      if (best < 0) {
        return;
      }
      counts[best]++;
      next[best]--;
    }
  }

  private static void writeShares(int[] counts, float[] out, int offset) {
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    for (int t = 0; t < counts.length && total > 0; t++) {
      out[offset + t] = (float) (counts[t] / (double) total);
    }
  }
}
