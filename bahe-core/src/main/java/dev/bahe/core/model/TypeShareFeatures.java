package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.core.config.TypeShares;
import java.util.List;

/**
 * The user's per-type behaviour shares ({@link TypeShares}): {@code float32 [B, N]}, per sample
 * {@code n_1 / Σn … n_N / Σn} (all 0 for a user without behaviour). {@code n_t} is the number of the user's
 * behaviours of type {@code t} strictly before the sample's time ({@link TypeShares#HISTORY}) or the length of
 * the type's selected sequence ({@link TypeShares#SELECTED}). The same for every variant, since every variant
 * reads the same selection. Thread-safe.
 */
final class TypeShareFeatures {

  private final TypeShares mode;
  private final List<BehaviorType> types;

  /** @param mode {@link TypeShares#HISTORY} or {@link TypeShares#SELECTED} */
  TypeShareFeatures(TypeShares mode, List<BehaviorType> types) {
    if (mode == TypeShares.NONE) {
      throw new IllegalArgumentException("type shares 'none' has no features");
    }
    this.mode = mode;
    this.types = List.copyOf(types);
  }

  /** {@code N}, the width of the array {@link #build} returns. */
  int width() {
    return types.size();
  }

  /** The shares of every sample, one row each. */
  NDArray build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager) {
    int n = types.size();
    float[] out = new float[samples.size() * n];
    int[] counts = new int[n];
    for (int b = 0; b < samples.size(); b++) {
      Sample s = samples.get(b);
      long total = 0;
      for (int t = 0; t < n; t++) {
        counts[t] = mode == TypeShares.HISTORY
            ? s.history().countBefore(types.get(t), s.time())
            : selections.get(b).behaviors().get(t).size();
        total += counts[t];
      }
      for (int t = 0; t < n && total > 0; t++) {
        out[b * n + t] = (float) (counts[t] / (double) total);
      }
    }
    return manager.create(out, new Shape(samples.size(), n));
  }
}
