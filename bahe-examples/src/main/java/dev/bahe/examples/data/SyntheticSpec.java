package dev.bahe.examples.data;

import dev.bahe.core.config.DataOptions;

/**
 * Size and seed of a synthetic dataset.
 *
 * @param users number of users
 * @param items number of catalogue items
 * @param seed the seed; the same spec always generates the identical dataset
 * @param behaviorsPerUser mean number of behaviours per user (each user gets 0.5x to 1.5x of it)
 * @param impressionsPerUser mean number of impressions per user (0.5x to 1.5x)
 * @param days length of the simulated timeline; impressions fall in its last quarter
 * @param recentLongTermShare share of the informative behaviours after the first 40 % of the timeline that follow
 *     the user's long-term interest ({@link #DEFAULT_RECENT_LONG_TERM_SHARE}: it lives mostly in old history)
 * @param signal scale of the interest terms of the click logit (1: the generator's weights 3, 2 and 1)
 */
public record SyntheticSpec(int users, int items, long seed, int behaviorsPerUser, int impressionsPerUser,
    int days, double recentLongTermShare, double signal) {

  /** The long-term interest shows in 2 % of the recent informative behaviours: a model must reach back for it. */
  public static final double DEFAULT_RECENT_LONG_TERM_SHARE = 0.02;

  public static final int DEFAULT_BEHAVIORS_PER_USER = 150;
  public static final int DEFAULT_IMPRESSIONS_PER_USER = 12;
  public static final int DEFAULT_DAYS = 360;

  public SyntheticSpec {
    if (users <= 0 || items < TopicCatalog.TOPICS.size() || behaviorsPerUser <= 0 || impressionsPerUser <= 0
        || days < 4) {
      throw new IllegalArgumentException("synthetic spec needs users > 0, items >= " + TopicCatalog.TOPICS.size()
          + ", behaviours and impressions per user > 0 and days >= 4; was " + users + ", " + items + ", "
          + behaviorsPerUser + ", " + impressionsPerUser + ", " + days);
    }
    if (!(recentLongTermShare >= 0 && recentLongTermShare <= 1)) {
      throw new IllegalArgumentException("the recent long-term share must be in [0, 1], was " + recentLongTermShare);
    }
    if (!(signal > 0)) {
      throw new IllegalArgumentException("the click signal scale must be positive, was " + signal);
    }
  }

  /** A spec whose long-term interest lives mostly in old history ({@link #DEFAULT_RECENT_LONG_TERM_SHARE}). */
  public SyntheticSpec(int users, int items, long seed, int behaviorsPerUser, int impressionsPerUser, int days) {
    this(users, items, seed, behaviorsPerUser, impressionsPerUser, days, DEFAULT_RECENT_LONG_TERM_SHARE, 1.0);
  }

  /** The spec of {@code data.syntheticUsers}, {@code data.syntheticItems} and {@code data.seed}. */
  public static SyntheticSpec of(DataOptions options) {
    return new SyntheticSpec(options.syntheticUsers(), options.syntheticItems(), options.seed(),
        DEFAULT_BEHAVIORS_PER_USER, DEFAULT_IMPRESSIONS_PER_USER, DEFAULT_DAYS, options.syntheticRecentLongTermShare(),
        options.syntheticSignal());
  }

  /** A spec with the default behaviour and impression volumes. */
  public static SyntheticSpec of(int users, int items, long seed) {
    return new SyntheticSpec(users, items, seed, DEFAULT_BEHAVIORS_PER_USER, DEFAULT_IMPRESSIONS_PER_USER,
        DEFAULT_DAYS);
  }
}
