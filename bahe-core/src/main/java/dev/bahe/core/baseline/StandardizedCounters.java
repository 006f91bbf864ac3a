package dev.bahe.core.baseline;

import dev.bahe.api.data.Impression;
import java.util.List;
import java.util.Objects;

/**
 * {@link PointInTimeCounters} centred and scaled by the means and standard deviations they have over a set of
 * impressions (the training split), so that models with a ridge or a learning rate treat every counter alike. A
 * column constant over those impressions gets scale 1 (it becomes 0 where it keeps that value). Immutable and
 * thread-safe.
 */
public final class StandardizedCounters {

  private final PointInTimeCounters counters;
  private final double[] means;
  private final double[] scales;

  private StandardizedCounters(PointInTimeCounters counters, double[] means, double[] scales) {
    this.counters = counters;
    this.means = means;
    this.scales = scales;
  }

  /** Standardizes {@code counters} by their moments over {@code impressions} (must not be empty). */
  public static StandardizedCounters fit(PointInTimeCounters counters, List<Impression> impressions) {
    Objects.requireNonNull(counters, "counters");
    if (impressions.isEmpty()) {
      throw new IllegalArgumentException("cannot standardize counters over no impressions");
    }
    int d = counters.size();
    double[] sum = new double[d];
    double[] sumSq = new double[d];
    float[] row = new float[d];
    for (Impression imp : impressions) {
      counters.copyFeatures(imp, row, 0);
      for (int c = 0; c < d; c++) {
        sum[c] += row[c];
        sumSq[c] += (double) row[c] * row[c];
      }
    }
    int n = impressions.size();
    double[] means = new double[d];
    double[] scales = new double[d];
    for (int c = 0; c < d; c++) {
      means[c] = sum[c] / n;
      double var = Math.max(0, sumSq[c] / n - means[c] * means[c]);
      double std = Math.sqrt(var);
      scales[c] = std > 1e-9 ? std : 1.0;
    }
    return new StandardizedCounters(counters, means, scales);
  }

  /** The raw counters. */
  public PointInTimeCounters counters() {
    return counters;
  }

  /** Number of columns, as {@link PointInTimeCounters#size()}. */
  public int size() {
    return counters.size();
  }

  /** Writes the standardized counters of {@code impression} into {@code out[offset .. offset + size())}. */
  public void copyFeatures(Impression impression, float[] out, int offset) {
    counters.copyFeatures(impression, out, offset);
    for (int c = 0; c < means.length; c++) {
      out[offset + c] = (float) ((out[offset + c] - means[c]) / scales[c]);
    }
  }

  /** The standardized counters of every impression, one row each. */
  public double[][] matrix(List<Impression> impressions) {
    double[][] x = new double[impressions.size()][];
    float[] row = new float[size()];
    for (int i = 0; i < x.length; i++) {
      copyFeatures(impressions.get(i), row, 0);
      double[] r = new double[row.length];
      for (int c = 0; c < row.length; c++) {
        r[c] = row[c];
      }
      x[i] = r;
    }
    return x;
  }
}
