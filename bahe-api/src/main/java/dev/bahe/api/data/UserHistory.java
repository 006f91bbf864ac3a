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
 *
 * <p>A history is either whole ({@link #of}) or a point-in-time window ({@link #window}): the most recent
 * behaviours of each type before one time plus how many older ones precede them, for hosts that ship each
 * sample only what its selection reads (a distributed scoring job). A window answers the queries of a sample
 * at its time exactly and refuses the ones it cannot answer.
 */
public final class UserHistory {

  private final String userId;
  private final Map<BehaviorType, Behavior[]> byType;
  private final Map<BehaviorType, long[]> timesByType;
  private final Map<BehaviorType, Integer> earlier;
  private final int size;

  private UserHistory(String userId, Map<BehaviorType, Behavior[]> byType) {
    this(userId, byType, Map.of());
  }

  private UserHistory(String userId, Map<BehaviorType, Behavior[]> byType, Map<BehaviorType, Integer> earlier) {
    this.userId = userId;
    this.byType = byType;
    this.timesByType = new HashMap<>();
    this.earlier = Map.copyOf(earlier);
    int total = 0;
    for (int n : this.earlier.values()) {
      total += n;
    }
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
    return new UserHistory(userId, sortedByType(behaviors));
  }

  /**
   * A point-in-time window of a history: per type the most recent behaviours before some time ({@code recent},
   * any order, equal times keeping their input order), preceded by {@code earlier.get(type)} older behaviours of
   * that type that are not held. {@link #countBefore} counts them at any time after the first held behaviour of
   * the type; {@link #recent} answers while the held behaviours suffice; both throw when they cannot answer, as
   * does {@link #all} for a type with older behaviours.
   *
   * @param earlier per type the number of older behaviours not held ({@code >= 0}; absent means 0)
   */
  public static UserHistory window(String userId, Collection<Behavior> recent, Map<BehaviorType, Integer> earlier) {
    Objects.requireNonNull(userId, "userId");
    Map<BehaviorType, Integer> older = new HashMap<>();
    Map<BehaviorType, Behavior[]> sorted = sortedByType(recent);
    for (Map.Entry<BehaviorType, Integer> e : earlier.entrySet()) {
      if (e.getValue() < 0) {
        throw new IllegalArgumentException("earlier behaviours of type " + e.getKey() + " must be >= 0, was "
            + e.getValue());
      }
      if (e.getValue() > 0) {
        if (!sorted.containsKey(e.getKey())) {
          throw new IllegalArgumentException("a window with " + e.getValue() + " earlier behaviours of type "
              + e.getKey() + " must hold at least one of its recent ones");
        }
        older.put(e.getKey(), e.getValue());
      }
    }
    return new UserHistory(userId, sorted, older);
  }

  private static Map<BehaviorType, Behavior[]> sortedByType(Collection<Behavior> behaviors) {
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
    return sorted;
  }

  /** An empty history (a user with no recorded behaviour). */
  public static UserHistory empty(String userId) {
    return new UserHistory(userId, new TreeMap<>());
  }

  public String userId() {
    return userId;
  }

  /** Total number of behaviours over all types (with a window's older ones). */
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
    if (end < m && earlier(type) > 0) {
      throw new IllegalStateException("history window of user " + userId + " holds " + end + " behaviours of type "
          + type + " before " + before + ", not the " + m + " asked for (" + earlier(type)
          + " older ones are not held)");
    }
    return view(seq, Math.max(0, end - m), end);
  }

  /**
   * Every behaviour of {@code type} with {@code timestamp < before}, in ascending time order: the whole
   * point-in-time sequence ({@link #countBefore} long), of which {@link #recent} returns a suffix. A window with
   * older behaviours of the type it does not hold refuses it.
   */
  public List<Behavior> before(BehaviorType type, long before) {
    requireWhole(type);
    Behavior[] seq = byType.get(type);
    return seq == null ? List.of() : view(seq, 0, firstIndexNotBefore(timesByType.get(type), before));
  }

  /**
   * How many behaviours of {@code type} the user had strictly before {@code before}: the length of the whole
   * point-in-time sequence, of which {@link #recent} returns a suffix.
   */
  public int countBefore(BehaviorType type, long before) {
    long[] times = timesByType.get(type);
    int older = earlier(type);
    if (older > 0 && before <= times[0]) {
      throw new IllegalStateException("history window of user " + userId + " cannot count behaviours of type "
          + type + " before " + before + ": its " + older + " older ones are not held");
    }
    return times == null ? 0 : older + firstIndexNotBefore(times, before);
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
    requireWhole(type);
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

  /** Refuses a query that needs every behaviour of {@code type} from a window that does not hold them all. */
  private void requireWhole(BehaviorType type) {
    if (earlier(type) > 0) {
      throw new IllegalStateException("history window of user " + userId + " does not hold the " + earlier(type)
          + " older behaviours of type " + type);
    }
  }

  private int earlier(BehaviorType type) {
    return earlier.getOrDefault(type, 0);
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
