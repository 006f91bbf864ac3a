package dev.bahe.core.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greedy backward elimination of feature groups by a validation score: start from every group; in each round score
 * every set with one group removed, and remove the group whose removal scores best, as long as that score is at
 * least the current one (ties remove, so a group that changes nothing goes); stop when every removal scores lower
 * or one group is left. Candidates are tried in the given order and the first of equal scores wins, so the result
 * is deterministic. Stateless.
 */
final class BackwardGroupSelection {

  private static final Logger LOG = LoggerFactory.getLogger(BackwardGroupSelection.class);

  private BackwardGroupSelection() {}

  /**
   * The outcome.
   *
   * @param kept the groups kept, in candidate order
   * @param score the validation score of {@code kept}
   * @param allScore the validation score of every candidate group together
   */
  record Selection(List<CounterGroup> kept, double score, double allScore) {}

  /**
   * @param candidates the groups to start from (at least one)
   * @param score validation score of a set of groups (higher is better); NaN counts as the lowest
   */
  static Selection select(List<CounterGroup> candidates, ToDoubleFunction<List<CounterGroup>> score) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no feature groups to select from");
    }
    List<CounterGroup> current = List.copyOf(candidates);
    double currentScore = orLowest(score.applyAsDouble(current));
    double allScore = currentScore;
    LOG.debug("all groups {}: {}", current, currentScore);
    while (current.size() > 1) {
      CounterGroup bestDrop = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (CounterGroup drop : current) {
        List<CounterGroup> without = new ArrayList<>(current);
        without.remove(drop);
        double s = orLowest(score.applyAsDouble(without));
        LOG.debug("without {}: {}", drop, s);
        if (s > bestScore) {
          bestScore = s;
          bestDrop = drop;
        }
      }
      if (bestScore < currentScore) {
        break;
      }
      List<CounterGroup> next = new ArrayList<>(current);
      next.remove(bestDrop);
      LOG.info("dropped group {}: validation score {} -> {}", bestDrop, fmt(currentScore), fmt(bestScore));
      current = List.copyOf(next);
      currentScore = bestScore;
    }
    return new Selection(current, currentScore, allScore);
  }

  private static double orLowest(double s) {
    return Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }
}
