package dev.bahe.api.metrics;

import java.util.Arrays;

/**
 * Collects (score, label) pairs one at a time and computes the exact ROC AUC: the probability that a random
 * positive scores above a random negative, with ties counted as one half. Sorting makes it {@code O(n log n)};
 * memory is 8 bytes per sample. Not thread-safe.
 *
 * <p>Contract for degenerate input: when all labels are of one class (or there are none) AUC is undefined and
 * {@link #auc()} returns {@link Double#NaN}; callers that need a number check {@link #defined()}. A NaN score
 * is rejected when added.
 */
public final class AucAccumulator {

  private double[] positives = new double[64];
  private double[] negatives = new double[64];
  private int numPositives;
  private int numNegatives;

  /** Adds one prediction. */
  public void add(double score, int label) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score is NaN (sample " + count() + ")");
    }
    if (label == 1) {
      if (numPositives == positives.length) {
        positives = Arrays.copyOf(positives, positives.length * 2);
      }
      positives[numPositives++] = score;
    } else if (label == 0) {
      if (numNegatives == negatives.length) {
        negatives = Arrays.copyOf(negatives, negatives.length * 2);
      }
      negatives[numNegatives++] = score;
    } else {
      throw new IllegalArgumentException("label must be 0 or 1, was " + label + " (sample " + count() + ")");
    }
  }

  public long count() {
    return (long) numPositives + numNegatives;
  }

  public int positives() {
    return numPositives;
  }

  public int negatives() {
    return numNegatives;
  }

  /** Whether both classes are present, i.e. AUC is defined. */
  public boolean defined() {
    return numPositives > 0 && numNegatives > 0;
  }

  /** Exact AUC with ties as one half, or NaN when only one class was seen. */
  public double auc() {
    if (!defined()) {
      return Double.NaN;
    }
    double[] pos = Arrays.copyOf(positives, numPositives);
    double[] neg = Arrays.copyOf(negatives, numNegatives);
    Arrays.sort(pos);
    Arrays.sort(neg);
    // For each positive p: (#neg < p) + 0.5 * (#neg == p), with two monotone pointers.
    double wins = 0;
    int below = 0;
    int notAbove = 0;
    for (double p : pos) {
      while (below < neg.length && neg[below] < p) {
        below++;
      }
      if (notAbove < below) {
        notAbove = below;
      }
      while (notAbove < neg.length && neg[notAbove] <= p) {
        notAbove++;
      }
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) numPositives * numNegatives);
  }
}
