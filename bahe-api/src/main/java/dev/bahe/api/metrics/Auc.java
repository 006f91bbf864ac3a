package dev.bahe.api.metrics;

/** Exact ROC AUC of a whole prediction set; see {@link AucAccumulator} for the contract. */
public final class Auc {

  private Auc() {}

  /**
   * AUC of {@code scores} against 0/1 {@code labels}; ties count one half; NaN when only one class is present.
   */
  public static double of(double[] scores, int[] labels) {
    checkLengths(scores.length, labels.length);
    AucAccumulator acc = new AucAccumulator();
    for (int i = 0; i < scores.length; i++) {
      acc.add(scores[i], labels[i]);
    }
    return acc.auc();
  }

  static void checkLengths(int scores, int labels) {
    if (scores != labels) {
      throw new IllegalArgumentException(scores + " scores but " + labels + " labels");
    }
  }
}
