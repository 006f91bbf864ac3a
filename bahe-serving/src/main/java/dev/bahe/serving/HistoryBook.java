package dev.bahe.serving;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user histories the service keeps: the catalogue's recorded histories plus every behaviour appended through
 * {@code /v1/events} (and replayed from the {@link EventLog} on start). A history is immutable; an append replaces
 * it, so a request reads one consistent history. Point-in-time: the model reads only behaviours strictly before a
 * request's time, however late they were appended.
 */
public final class HistoryBook {

  private final Map<String, UserHistory> recorded;
  private final Map<String, UserHistory> appended = new ConcurrentHashMap<>();

  public HistoryBook(Map<String, UserHistory> recorded) {
    this.recorded = Map.copyOf(recorded);
  }

  /** The kept history of a user: empty for a user never seen. */
  public UserHistory history(String userId) {
    UserHistory h = appended.get(userId);
    if (h != null) {
      return h;
    }
    h = recorded.get(userId);
    return h != null ? h : UserHistory.empty(userId);
  }

  /** Adds behaviours to a user's kept history. */
  public void add(String userId, List<Behavior> behaviors) {
    appended.compute(userId, (id, current) -> {
      UserHistory base = current != null ? current : recorded.getOrDefault(id, UserHistory.empty(id));
      return UserHistory.of(id, concat(base, behaviors));
    });
  }

  /** {@code history} with {@code more} added (for a request's inline behaviours). */
  public static UserHistory with(UserHistory history, List<Behavior> more) {
    return more.isEmpty() ? history : UserHistory.of(history.userId(), concat(history, more));
  }

  /** Users with appended behaviours. */
  public int usersWithEvents() {
    return appended.size();
  }

  private static List<Behavior> concat(UserHistory base, List<Behavior> more) {
    List<Behavior> all = new ArrayList<>(base.size() + more.size());
    for (BehaviorType t : base.types()) {
      all.addAll(base.all(t));
    }
    all.addAll(more);
    return all;
  }
}
