package dev.bahe.examples.experiment;

import dev.bahe.api.data.Impression;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.examples.data.SyntheticData;
import java.util.List;

/**
 * Scores impressions of a synthetic dataset with the probabilities their labels were drawn from,
 * {@code sigmoid(trueLogit)}, and computes the same metrics as {@link Evaluator}: the Bayes ceiling.
 */
final class OracleEvaluation {

  private OracleEvaluation() {}

  /** AUC, LogLoss and GAUC of the generator's click probabilities on {@code impressions}. */
  static Evaluation evaluate(String name, SyntheticData truth, List<Impression> impressions) {
    long start = System.nanoTime();
    double[] p = new double[impressions.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = Evaluator.sigmoid(truth.trueLogit(impressions.get(i)));
    }
    return Evaluator.metrics(name, impressions, p, start);
  }
}
