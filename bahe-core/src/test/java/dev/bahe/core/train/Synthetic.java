package dev.bahe.core.train;

import dev.bahe.api.data.Impression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small synthetic impression sets with features for {@link FeatureModel}. */
public final class Synthetic {

  /** Impressions with a feature vector each. */
  public record Data(List<Impression> impressions, Map<Impression, float[]> features) {

    public float[] features(Impression imp) {
      float[] f = features.get(imp);
      if (f == null) {
        throw new IllegalArgumentException("no features for " + imp);
      }
      return f;
    }
  }

  private Synthetic() {}

  /**
   * {@code n} impressions of 4 features; label 1 iff {@code x0 + 0.5·x1 > 0} (flipped with probability
   * {@code noise}). Timestamps are increasing, users u0..u19.
   */
  public static Data separable(int n, double noise, long seed) {
    Random r = new Random(seed);
    List<Impression> imps = new ArrayList<>();
    Map<Impression, float[]> feats = new HashMap<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[4];
      for (int j = 0; j < 4; j++) {
        x[j] = (float) r.nextGaussian();
      }
      int label = x[0] + 0.5f * x[1] > 0 ? 1 : 0;
      if (r.nextDouble() < noise) {
        label = 1 - label;
      }
      Impression imp = new Impression("u" + (i % 20), "i" + i, 1000L + i, label);
      imps.add(imp);
      feats.put(imp, x);
    }
    return new Data(imps, feats);
  }
}
