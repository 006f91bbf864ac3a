package dev.bahe.core.config;

/**
 * Where the data comes from and how it is split.
 *
 * @param source {@code "synthetic"}, {@code "movielens"}, {@code "tsv"} or {@code "jsonl"}
 * @param path dataset directory (ignored for synthetic)
 * @param validFraction fraction of impressions, by time, in the validation split
 * @param testFraction fraction of impressions, by time, in the test split (the latest)
 * @param syntheticUsers number of users of the synthetic generator
 * @param syntheticItems number of items of the synthetic generator
 * @param syntheticRecentLongTermShare share of the synthetic users' informative behaviours after the first 40 % of
 *     the timeline that follow their long-term interest (the default 0.02 keeps it mostly in old history; the demo
 *     raises it so that the recent behaviours a short text budget holds carry it too)
 * @param syntheticSignal scale of the interest terms of the synthetic click logit (1 = the generator's own
 *     weights; larger makes clicks less noisy, raising the Bayes ceiling)
 * @param seed seed of the synthetic generator
 * @param skipBadRows skip malformed rows (reporting counts by reason) instead of failing on the first
 */
public record DataOptions(
    String source,
    String path,
    double validFraction,
    double testFraction,
    int syntheticUsers,
    int syntheticItems,
    double syntheticRecentLongTermShare,
    double syntheticSignal,
    long seed,
    boolean skipBadRows) {

  public DataOptions {
    path = path == null ? "" : path;
    if (validFraction < 0 || testFraction <= 0 || validFraction + testFraction >= 1) {
      throw new IllegalArgumentException("data.validFraction and data.testFraction must be >= 0, > 0 and sum"
          + " below 1, were " + validFraction + " and " + testFraction);
    }
    if (!(syntheticSignal > 0 && syntheticSignal <= 10)) {
      throw new IllegalArgumentException("data.syntheticSignal must be in (0, 10], was " + syntheticSignal);
    }
    if (!(syntheticRecentLongTermShare >= 0 && syntheticRecentLongTermShare <= 1)) {
      throw new IllegalArgumentException("data.syntheticRecentLongTermShare must be in [0, 1], was "
          + syntheticRecentLongTermShare);
    }
  }
}
