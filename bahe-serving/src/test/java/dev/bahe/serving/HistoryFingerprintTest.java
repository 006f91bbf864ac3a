package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user-side cache key changes exactly when what the model can read at the time changes. */
class HistoryFingerprintTest {

  private static final List<BehaviorType> TYPES = List.of(ServingFixtures.DISLIKED, ServingFixtures.LIKED);

  private static UserHistory history(Behavior... extra) {
    List<Behavior> all = new ArrayList<>(List.of(new Behavior(ServingFixtures.LIKED, 10L, "a"),
        new Behavior(ServingFixtures.DISLIKED, 20L, "b")));
    all.addAll(List.of(extra));
    return UserHistory.of("u", all);
  }

  @Test
  void onlyBehavioursBeforeTheTimeCount() {
    String base = HistoryFingerprint.of(history(), TYPES, 30L);
    assertThat(HistoryFingerprint.of(history(), TYPES, 30L)).isEqualTo(base);
    // at or after the time: invisible, same key
    assertThat(HistoryFingerprint.of(history(new Behavior(ServingFixtures.LIKED, 30L, "c")), TYPES, 30L))
        .isEqualTo(base);
    // before the time: a new key, also for another text, type or timestamp of a behaviour
    assertThat(HistoryFingerprint.of(history(new Behavior(ServingFixtures.LIKED, 29L, "c")), TYPES, 30L))
        .isNotEqualTo(base);
    assertThat(HistoryFingerprint.of(UserHistory.of("u", List.of(new Behavior(ServingFixtures.LIKED, 10L, "a"),
        new Behavior(ServingFixtures.LIKED, 20L, "b"))), TYPES, 30L)).isNotEqualTo(base);
    assertThat(HistoryFingerprint.of(UserHistory.of("u", List.of(new Behavior(ServingFixtures.LIKED, 11L, "a"),
        new Behavior(ServingFixtures.DISLIKED, 20L, "b"))), TYPES, 30L)).isNotEqualTo(base);
    // an earlier time sees less
    assertThat(HistoryFingerprint.of(history(), TYPES, 15L)).isNotEqualTo(base);
    // text boundaries are part of the key: "ab" + "" differs from "a" + "b"
    assertThat(HistoryFingerprint.of(UserHistory.of("u", List.of(new Behavior(ServingFixtures.LIKED, 10L, "ab"),
        new Behavior(ServingFixtures.LIKED, 10L, "c"))), TYPES, 30L))
        .isNotEqualTo(HistoryFingerprint.of(UserHistory.of("u", List.of(
            new Behavior(ServingFixtures.LIKED, 10L, "a"), new Behavior(ServingFixtures.LIKED, 10L, "bc"))),
            TYPES, 30L));
  }
}
