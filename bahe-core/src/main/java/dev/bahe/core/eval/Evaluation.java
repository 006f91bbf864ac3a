package dev.bahe.core.eval;

import java.util.Map;

/**
 * Immutable result of {@link Evaluator#evaluate}: ranking and calibration metrics of one model on one set of
 * impressions.
 *
 * @param name what was evaluated, e.g. {@code "valid"} or {@code "test"}
 * @param count impressions evaluated
 * @param positives clicked impressions
 * @param auc ROC AUC ({@link dev.bahe.api.metrics.Auc}); NaN when only one class is present
 * @param logLoss mean log loss ({@link dev.bahe.api.metrics.LogLoss}, default clipping)
 * @param gauc impression-weighted per-user AUC ({@link dev.bahe.api.metrics.Gauc}); NaN when no user has both
 *     classes
 * @param gaucUsers users with both classes, the ones GAUC averages over
 * @param seconds wall time of the evaluation
 */
public record Evaluation(
    String name, long count, long positives, double auc, double logLoss, double gauc, int gaucUsers,
    double seconds) {

  /** The metrics by name ({@code auc}, {@code logloss}, {@code gauc}). */
  public Map<String, Double> metrics() {
    return Map.of("auc", auc, "logloss", logLoss, "gauc", gauc);
  }

  /** One metric by name; an unknown name is an error listing the known ones. */
  public double metric(String metricName) {
    Double value = metrics().get(metricName.toLowerCase(java.util.Locale.ROOT));
    if (value == null) {
      throw new IllegalArgumentException("unknown metric '" + metricName + "'; known metrics: auc, logloss, gauc");
    }
    return value;
  }
}
