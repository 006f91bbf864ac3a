package dev.bahe.api.metrics;

/**
 * Binary cross-entropy of predicted click probabilities, with probabilities clipped to {@code [eps, 1 - eps]}
 * so one confident mistake cannot make it infinite.
 */
public final class LogLoss {

  /** The default clipping bound. */
  public static final double DEFAULT_EPSILON = 1e-7;

  private LogLoss() {}

  /** Mean log loss with {@link #DEFAULT_EPSILON}; NaN for empty input. */
  public static double of(double[] probabilities, int[] labels) {
    return of(probabilities, labels, DEFAULT_EPSILON);
  }

  /** Mean log loss with probabilities clipped to {@code [epsilon, 1 - epsilon]}; NaN for empty input. */
  public static double of(double[] probabilities, int[] labels, double epsilon) {
    Auc.checkLengths(probabilities.length, labels.length);
    if (!(epsilon > 0 && epsilon < 0.5)) {
      throw new IllegalArgumentException("epsilon must be in (0, 0.5), was " + epsilon);
    }
    if (probabilities.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (Double.isNaN(p) || p < 0 || p > 1) {
        throw new IllegalArgumentException("probability " + p + " at sample " + i + " is not in [0, 1]");
      }
      p = Math.min(Math.max(p, epsilon), 1 - epsilon);
      int y = labels[i];
      if (y != 0 && y != 1) {
        throw new IllegalArgumentException("label must be 0 or 1, was " + y + " at sample " + i);
      }
      sum -= y == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }
}
