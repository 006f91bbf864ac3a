package dev.bahe.examples.experiment;

import dev.bahe.api.data.Impression;
import dev.bahe.api.metrics.AucAccumulator;
import dev.bahe.api.metrics.Gauc;
import dev.bahe.api.metrics.LogLoss;
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
    int[] labels = new int[p.length];
    AucAccumulator auc = new AucAccumulator();
    Gauc gauc = new Gauc();
    long positives = 0;
    for (int i = 0; i < p.length; i++) {
      Impression imp = impressions.get(i);
      p[i] = Evaluator.sigmoid(truth.trueLogit(imp));
      labels[i] = imp.label();
      positives += imp.label();
      auc.add(p[i], imp.label());
      gauc.add(imp.userId(), p[i], imp.label());
    }
    Gauc.Result g = gauc.result();
    return new Evaluation(name, p.length, positives, auc.auc(), LogLoss.of(p, labels), g.value(), g.usersEvaluated(),
        (System.nanoTime() - start) / 1e9);
  }
}
