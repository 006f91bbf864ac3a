package dev.bahe.core.baseline;

/**
 * The groups of {@link PointInTimeCounters} that the {@code stats} baseline keeps or drops together during its
 * feature selection: each group is one kind of evidence, and whether it carries from the training period into the
 * later splits is a property of the whole group (on MovieLens the user's impression labels do not: the time split
 * puts mostly new users in the test).
 */
public enum CounterGroup {
  /** The item's smoothed positive rate and impression count over earlier training impressions. */
  ITEM("item"),
  /** The user's smoothed positive rate and impression count over earlier training impressions. */
  USER_IMPRESSIONS("user-impressions"),
  /** Per behaviour type, {@code log(1 + count)} of the user's behaviours before the impression. */
  TYPE_COUNTS("type-counts"),
  /** Per behaviour type, its smoothed share of all the user's behaviours before the impression. */
  TYPE_SHARES("type-shares"),
  /** Per behaviour type, its smoothed share of the user's most recent behaviours before the impression. */
  RECENT_SHARES("recent-shares");

  private final String id;

  CounterGroup(String id) {
    this.id = id;
  }

  /** The name used in logs and reports. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
