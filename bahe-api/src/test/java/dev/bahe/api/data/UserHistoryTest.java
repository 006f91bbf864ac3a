package dev.bahe.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UserHistoryTest {

  private static final BehaviorType LIKED = BehaviorType.of("liked");
  private static final BehaviorType SEARCH = BehaviorType.of("search");

  private static Behavior liked(long t, String text) {
    return new Behavior(LIKED, t, text);
  }

  private static List<String> texts(List<Behavior> behaviors) {
    return behaviors.stream().map(Behavior::text).toList();
  }

  private final UserHistory history = UserHistory.of("u1", List.of(
      liked(30, "c"), liked(10, "a"), new Behavior(SEARCH, 15, "s1"), liked(20, "b"), liked(50, "e"),
      liked(40, "d"), new Behavior(SEARCH, 45, "s2")));

  @Test
  void mostRecentStrictlyBeforeTimeOldestFirst() {
    assertThat(texts(history.recent(LIKED, 45, 2))).containsExactly("c", "d");
    assertThat(texts(history.recent(LIKED, 45, 10))).containsExactly("a", "b", "c", "d");
    assertThat(texts(history.recent(LIKED, 1000, 3))).containsExactly("c", "d", "e");
    assertThat(texts(history.recent(SEARCH, 45, 5))).containsExactly("s1");
  }

  @Test
  void beforeIsTheWholePointInTimeSequenceAndCannotBeModified() {
    assertThat(texts(history.before(LIKED, 45))).containsExactly("a", "b", "c", "d");
    assertThat(history.before(LIKED, 45)).hasSize(history.countBefore(LIKED, 45));
    assertThat(history.before(LIKED, 10)).isEmpty();
    assertThat(history.before(BehaviorType.of("bought"), 1000)).isEmpty();
    assertThatThrownBy(() -> history.before(LIKED, 45).set(0, liked(1, "z")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> history.all(LIKED).clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> history.recent(LIKED, 45, 2).add(liked(1, "z")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void behaviourAtTheImpressionTimeIsExcluded() {
    assertThat(texts(history.recent(LIKED, 40, 5))).containsExactly("a", "b", "c");
    assertThat(texts(history.recent(LIKED, 41, 5))).containsExactly("a", "b", "c", "d");
    assertThat(history.recent(LIKED, 10, 5)).isEmpty();
    assertThat(history.recent(LIKED, Long.MIN_VALUE, 5)).isEmpty();
  }

  @Test
  void equalTimestampsKeepInputOrderAndAreCutTogetherAtT() {
    UserHistory h = UserHistory.of("u", List.of(liked(5, "x1"), liked(7, "y1"), liked(5, "x2"), liked(7, "y2"),
        liked(5, "x3")));
    assertThat(texts(h.all(LIKED))).containsExactly("x1", "x2", "x3", "y1", "y2");
    assertThat(texts(h.recent(LIKED, 7, 10))).containsExactly("x1", "x2", "x3");
    assertThat(texts(h.recent(LIKED, 8, 3))).containsExactly("x3", "y1", "y2");
    assertThat(h.recent(LIKED, 5, 10)).isEmpty();
  }

  @Test
  void unknownTypeAndZeroMAreEmptyNegativeMIsAnError() {
    assertThat(history.recent(BehaviorType.of("bought"), 1000, 5)).isEmpty();
    assertThat(history.recent(LIKED, 1000, 0)).isEmpty();
    assertThat(UserHistory.empty("nobody").recent(LIKED, 1000, 5)).isEmpty();
    assertThatThrownBy(() -> history.recent(LIKED, 1000, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m must be >= 0");
  }

  @Test
  void sizeTypesAndRecentByTypeInRequestedOrder() {
    assertThat(history.size()).isEqualTo(7);
    assertThat(history.userId()).isEqualTo("u1");
    assertThat(history.types()).containsExactlyInAnyOrder(LIKED, SEARCH);
    BehaviorType bought = BehaviorType.of("bought");
    Map<BehaviorType, List<Behavior>> byType = history.recentByType(List.of(SEARCH, bought, LIKED), 46, 2);
    assertThat(byType.keySet()).containsExactly(SEARCH, bought, LIKED);
    assertThat(texts(byType.get(SEARCH))).containsExactly("s1", "s2");
    assertThat(byType.get(bought)).isEmpty();
    assertThat(texts(byType.get(LIKED))).containsExactly("c", "d");
  }

  @Test
  void returnedListsAreImmutable() {
    List<Behavior> recent = history.recent(LIKED, 1000, 3);
    assertThatThrownBy(() -> recent.add(liked(60, "z"))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(history.recent(LIKED, 1000, 3)).hasSize(3);
  }

  /** Randomised point-in-time check against a brute-force filter; the seed is in every failure message. */
  @Test
  void neverReturnsAnythingAtOrAfterTAndMatchesBruteForce() {
    long seed = 987_654_321L;
    Random random = new Random(seed);
    List<BehaviorType> types = List.of(LIKED, SEARCH, BehaviorType.of("bought"));
    for (int user = 0; user < 200; user++) {
      List<Behavior> all = new ArrayList<>();
      int n = random.nextInt(60);
      for (int i = 0; i < n; i++) {
        // a small time range makes equal timestamps common
        all.add(new Behavior(types.get(random.nextInt(types.size())), random.nextInt(40), "b" + user + "_" + i));
      }
      UserHistory h = UserHistory.of("u" + user, all);
      for (int q = 0; q < 30; q++) {
        BehaviorType type = types.get(random.nextInt(types.size()));
        long t = random.nextInt(45) - 2;
        int m = random.nextInt(12);
        List<Behavior> expected = bruteForce(all, type, t, m);
        List<Behavior> actual = h.recent(type, t, m);
        assertThat(actual).as("seed %d user %d type %s t %d m %d", seed, user, type, t, m)
            .containsExactlyElementsOf(expected)
            .allSatisfy(b -> assertThat(b.timestamp()).isLessThan(t));
      }
    }
  }

  @Test
  void aWindowAnswersTheQueriesOfItsTimeAsTheWholeHistoryDoes() {
    // liked before 45: a b c d (2 older than the window c d); search before 45: s1 (none older)
    UserHistory window = UserHistory.window("u1", List.of(liked(40, "d"), liked(30, "c"),
        new Behavior(SEARCH, 15, "s1")), Map.of(LIKED, 2, SEARCH, 0));
    for (BehaviorType type : List.of(LIKED, SEARCH)) {
      assertThat(window.countBefore(type, 45)).isEqualTo(history.countBefore(type, 45));
      assertThat(window.countBefore(type, 41)).isEqualTo(history.countBefore(type, 41));
    }
    assertThat(texts(window.recent(LIKED, 45, 2))).isEqualTo(texts(history.recent(LIKED, 45, 2)));
    assertThat(texts(window.recent(LIKED, 45, 1))).containsExactly("d");
    assertThat(texts(window.recent(SEARCH, 45, 20))).containsExactly("s1");
    assertThat(window.size()).isEqualTo(5);
    assertThat(window.all(SEARCH)).hasSize(1);
  }

  @Test
  void aWindowRefusesWhatItDoesNotHold() {
    UserHistory window = UserHistory.window("u1", List.of(liked(40, "d"), liked(30, "c")), Map.of(LIKED, 2));
    assertThatThrownBy(() -> window.recent(LIKED, 45, 3)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not held");
    assertThatThrownBy(() -> window.countBefore(LIKED, 30)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> window.all(LIKED)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> window.before(LIKED, 45)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not hold the 2 older behaviours");
    assertThatThrownBy(() -> UserHistory.window("u1", List.of(), Map.of(LIKED, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Behavior> bruteForce(List<Behavior> all, BehaviorType type, long t, int m) {
    List<Behavior> before = new ArrayList<>();
    for (Behavior b : all) {
      if (b.type().equals(type) && b.timestamp() < t) {
        before.add(b);
      }
    }
    before.sort(Comparator.comparingLong(Behavior::timestamp)); // stable: input order among equal times
    return before.subList(Math.max(0, before.size() - m), before.size());
  }
}
