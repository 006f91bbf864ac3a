package dev.bahe.core.model;

/**
 * How far a text budget {@code T} reaches into the histories of a set of impressions: what a length sweep's point
 * actually gives the model. A {@code T} that keeps nearly every earlier behaviour cannot be told from a longer one,
 * and one that cuts most histories short leaves signal in old behaviour unread.
 *
 * @param impressions impressions measured
 * @param cutByBudget impressions of which the budget (not {@code M} or the start of the history) cut some type's
 *     sequence
 * @param behaviorsKept behaviours selected for the model, summed over the impressions
 * @param behaviorsBefore behaviours of the user before each impression, all types, summed over the impressions
 * @param tokensKept token cost of the selected behaviours, summed over the impressions
 * @param longestTokens the largest token cost of one impression's selected behaviours
 */
public record HistoryReach(int impressions, int cutByBudget, long behaviorsKept, long behaviorsBefore,
    long tokensKept, long longestTokens) {

  public HistoryReach {
    if (impressions < 0 || cutByBudget < 0 || cutByBudget > impressions || behaviorsKept < 0
        || behaviorsKept > behaviorsBefore || longestTokens < 0 || longestTokens > tokensKept) {
      throw new IllegalArgumentException("inconsistent reach: " + impressions + " impressions, " + cutByBudget
          + " cut, " + behaviorsKept + " of " + behaviorsBefore + " behaviours, " + tokensKept + " tokens, at most "
          + longestTokens + " in one");
    }
  }

  /** Share of the impressions whose selection the budget cut. */
  public double cutShare() {
    return impressions == 0 ? 0 : (double) cutByBudget / impressions;
  }

  /** Mean behaviours the model reads per impression. */
  public double meanKept() {
    return impressions == 0 ? 0 : (double) behaviorsKept / impressions;
  }

  /** Mean behaviours the user had before the impression. */
  public double meanBefore() {
    return impressions == 0 ? 0 : (double) behaviorsBefore / impressions;
  }

  /** Share of all earlier behaviours that the model reads. */
  public double keptShare() {
    return behaviorsBefore == 0 ? 0 : (double) behaviorsKept / behaviorsBefore;
  }

  /** Mean token cost of the selected behaviours per impression. */
  public double meanTokens() {
    return impressions == 0 ? 0 : (double) tokensKept / impressions;
  }
}
