package dev.bahe.api.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * All behaviours of one user, grouped by type and ordered by time, answering point-in-time queries.
 *
 * <p>{@link #recent(BehaviorType, long, int)} is the only way the modelling code reads a history: it returns
 * the most recent {@code m} behaviours of a type strictly before a time, oldest first, so no behaviour at or
 * after an impression can leak into its features. Immutable and thread-safe.
 */
public final class UserHistory {

  private final String userId;
  private final Map<BehaviorType, Behavior[]> byType;
  private final Map<BehaviorType, long[]> timesByType;
  private final int size;

  private UserHistory(String userId, Map<BehaviorType, Behavior[]> byType) {
    this.userId = userId;
    this.byType = byType;
    this.timesByType = new HashMap<>();
    int total = 0;
    for (Map.Entry<BehaviorType, Behavior[]> e : byType.entrySet()) {
      Behavior[] seq = e.getValue();
      long[] times = new long[seq.length];
      for (int i = 0; i < seq.length; i++) {
        times[i] = seq[i].timestamp();
      }
      timesByType.put(e.getKey(), times);
      total += seq.length;
    }
    this.size = total;
  }

  /**
   * Builds a history from behaviours in any order. Behaviours with equal timestamps keep their input
   * order (the sort is stable).
   */
  public static UserHistory of(String userId, Collection<Behavior> behaviors) {
    Objects.requireNonNull(userId, "userId");
    Map<BehaviorType, List<Behavior>> grouped = new TreeMap<>();
    for (Behavior b : behaviors) {
      grouped.computeIfAbsent(b.type(), t -> new ArrayList<>()).add(b);
    }
    Map<BehaviorType, Behavior[]> sorted = new TreeMap<>();
    for (Map.Entry<BehaviorType, List<Behavior>> e : grouped.entrySet()) {
      Behavior[] seq = e.getValue().toArray(Behavior[]::new);
      Arrays.sort(seq, Comparator.comparingLong(Behavior::timestamp));
      sorted.put(e.getKey(), seq);
    }
    return new UserHistory(userId, sorted);
  }

  /** An empty history (a user with no recorded behaviour). */
  public static UserHistory empty(String userId) {
    return new UserHistory(userId, new TreeMap<>());
  }

  public String userId() {
    return userId;
  }

  /** Total number of behaviours over all types. */
  public int size() {
    return size;
  }

  /** The behaviour types this user has at least one behaviour of. */
  public List<BehaviorType> types() {
    return List.copyOf(byType.keySet());
  }

  /**
   * The most recent {@code m} behaviours of {@code type} with {@code timestamp < before}, in ascending time
   * order (oldest first). Returns fewer than {@code m} when fewer exist, and an empty list for a type the
   * user never had.
   *
   * @param type the behaviour type
   * @param before exclusive upper bound on behaviour time (the impression time)
   * @param m maximum number of behaviours, {@code >= 0}
   */
  public List<Behavior> recent(BehaviorType type, long before, int m) {
    if (m < 0) {
      throw new IllegalArgumentException("m must be >= 0, was " + m);
    }
    Behavior[] seq = byType.get(type);
    if (seq == null || m == 0) {
      return List.of();
    }
    int end = firstIndexNotBefore(timesByType.get(type), before);
    return view(seq, Math.max(0, end - m), end);
  }

  /**
   * Every behaviour of {@code type} with {@code timestamp < before}, in ascending time order: the whole
   * point-in-time sequence ({@link #countBefore} long), of which {@link #recent} returns a suffix.
   */
  public List<Behavior> before(BehaviorType type, long before) {
    Behavior[] seq = byType.get(type);
    return seq == null ? List.of() : view(seq, 0, firstIndexNotBefore(timesByType.get(type), before));
  }

  /**
   * How many behaviours of {@code type} the user had strictly before {@code before}: the length of the whole
   * point-in-time sequence, of which {@link #recent} returns a suffix.
   */
  public int countBefore(BehaviorType type, long before) {
    long[] times = timesByType.get(type);
    return times == null ? 0 : firstIndexNotBefore(times, before);
  }

  /** {@link #recent(BehaviorType, long, int)} for each of {@code types}, in the given type order. */
  public Map<BehaviorType, List<Behavior>> recentByType(List<BehaviorType> types, long before, int m) {
    Map<BehaviorType, List<Behavior>> out = new java.util.LinkedHashMap<>();
    for (BehaviorType t : types) {
      out.put(t, recent(t, before, m));
    }
    return out;
  }

  /** All behaviours of a type in time order. */
  public List<Behavior> all(BehaviorType type) {
    Behavior[] seq = byType.get(type);
    return seq == null ? List.of() : view(seq, 0, seq.length);
  }

  /**
   * A read-only view of {@code seq[from, to)}: the arrays are never modified after construction, so the feature
   * path reads histories without copying them per sample.
   */
  private static List<Behavior> view(Behavior[] seq, int from, int to) {
    return Collections.unmodifiableList(Arrays.asList(seq).subList(from, to));
  }

  /** Binary search: index of the first time {@code >= before}, i.e. the count of times {@code < before}. */
  private static int firstIndexNotBefore(long[] times, long before) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < before) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public String toString() {
    return "UserHistory[" + userId + ", " + size + " behaviours in " + byType.size() + " types]";
  }
}
