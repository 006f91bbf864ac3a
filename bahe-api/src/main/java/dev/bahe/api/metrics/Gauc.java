package dev.bahe.api.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Group AUC: the mean of per-user AUC weighted by each user's impression count. Users whose impressions are all
 * of one class have no AUC; they are skipped and counted in the result. Streaming: add predictions one at a
 * time, in any order. Not thread-safe.
 */
public final class Gauc {

  private final Map<String, AucAccumulator> perUser = new HashMap<>();

  /** Adds one prediction of {@code userId}. */
  public void add(String userId, double score, int label) {
    perUser.computeIfAbsent(userId, u -> new AucAccumulator()).add(score, label);
  }

  /** GAUC over the predictions so far. */
  public Result result() {
    double weighted = 0;
    long weight = 0;
    int evaluated = 0;
    int skipped = 0;
    long skippedImpressions = 0;
    for (AucAccumulator acc : perUser.values()) {
      if (acc.defined()) {
        weighted += acc.auc() * acc.count();
        weight += acc.count();
        evaluated++;
      } else {
        skipped++;
        skippedImpressions += acc.count();
      }
    }
    double value = weight == 0 ? Double.NaN : weighted / weight;
    return new Result(value, evaluated, skipped, weight, skippedImpressions);
  }

  /** GAUC of whole arrays: one user id, score and label per impression. */
  public static Result of(String[] userIds, double[] scores, int[] labels) {
    Auc.checkLengths(scores.length, labels.length);
    Auc.checkLengths(userIds.length, labels.length);
    Gauc gauc = new Gauc();
    for (int i = 0; i < scores.length; i++) {
      gauc.add(userIds[i], scores[i], labels[i]);
    }
    return gauc.result();
  }

  /**
   * @param value impression-weighted mean of per-user AUC; NaN when no user has both classes
   * @param usersEvaluated users with both classes
   * @param usersSkipped users with one class only, left out
   * @param impressionsEvaluated impressions of evaluated users (the total weight)
   * @param impressionsSkipped impressions of skipped users
   */
  public record Result(
      double value, int usersEvaluated, int usersSkipped, long impressionsEvaluated, long impressionsSkipped) {}
}
