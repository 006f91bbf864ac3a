package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.core.config.HeadInteractions;
import dev.bahe.core.config.HistorySummary;
import dev.bahe.core.config.ItemEncoding;
import dev.bahe.core.config.PositionOrigin;
import dev.bahe.core.config.SequenceOptions;
import dev.bahe.core.config.TypeShares;
import dev.bahe.core.config.UserSequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BehaviorSelectorTest {

  private static final BehaviorType A = BehaviorType.of("a");
  private static final BehaviorType B = BehaviorType.of("b");
  private static LayeredLanguageModel llm;
  private static TextTokenizer tokenizer;

  @BeforeAll
  static void load() {
    llm = ModelTestSupport.tinyBert();
    tokenizer = llm.tokenizer();
  }

  @AfterAll
  static void close() {
    llm.close();
  }

  /** Behaviours "w{i} w{i} w{i}" (3 words, 5 tokens with [CLS] and [SEP]) of type a at times 10·i. */
  private static UserHistory history(int count) {
    List<Behavior> list = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      list.add(new Behavior(A, i * 10L, "cat dog " + numberWord(i)));
    }
    return UserHistory.of("u", list);
  }

  private static String numberWord(int i) {
    return new String[] {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}[i];
  }

  private static List<Long> times(List<Behavior> l) {
    return l.stream().map(Behavior::timestamp).toList();
  }

  @Test
  void takesTheMostRecentBeforeTheTimeInTimeOrderAndNothingAtOrAfterIt() {
    assertThat(tokenizer.countTokens("cat dog five")).isEqualTo(5);
    BehaviorSelector selector = new BehaviorSelector(List.of(A, B), options(3, 1000, 32, 16), tokenizer);
    SelectedBehaviors s = selector.select(history(9), 50L);
    assertThat(times(s.behaviors().get(0))).containsExactly(20L, 30L, 40L);
    assertThat(s.behaviors().get(1)).isEmpty();
    assertThat(s.texts().get(0)).extracting(AtomicText::text)
        .containsExactly("cat dog two", "cat dog three", "cat dog four");
    assertThat(selector.select(history(9), 51L).behaviors().get(0)).extracting(Behavior::timestamp)
        .containsExactly(30L, 40L, 50L);
    assertThat(selector.select(history(9), 10L).size()).isZero();
  }

  @Test
  void keepsAsManyRecentBehavioursAsFitTheTokenBudgetOfTheType() {
    // T = 24 over N = 2 types: 12 tokens per type; each behaviour costs 5, so 2 fit
    BehaviorSelector selector = new BehaviorSelector(List.of(A, B), options(10, 24, 32, 16), tokenizer);
    assertThat(selector.budgetPerType()).isEqualTo(12);
    assertThat(times(selector.select(history(9), 1000L).behaviors().get(0))).containsExactly(80L, 90L);
    // with K = 4 each behaviour costs 4 (its truncated length), so 3 fit
    BehaviorSelector capped = new BehaviorSelector(List.of(A, B), options(10, 24, 4, 16), tokenizer);
    SelectedBehaviors s = capped.select(history(9), 1000L);
    assertThat(times(s.behaviors().get(0))).containsExactly(70L, 80L, 90L);
    assertThat(s.texts().get(0)).extracting(AtomicText::tokens).containsOnly(4);
  }

  @Test
  void aBehaviourThatDoesNotFitEndsTheSelectionSoItIsAlwaysASuffix() {
    List<Behavior> list = new ArrayList<>(List.of(
        new Behavior(A, 1L, "cat"),
        new Behavior(A, 2L, "dog"),
        new Behavior(A, 3L, "one two three four five six seven eight"),
        new Behavior(A, 4L, "cow")));
    BehaviorSelector selector = new BehaviorSelector(List.of(A), options(10, 9, 32, 16), tokenizer);
    // "cow" costs 3; the long one (10) would overflow 9, so the older short ones are not taken either
    assertThat(times(selector.select(UserHistory.of("u", list), 10L).behaviors().get(0))).containsExactly(4L);
  }

  @Test
  void typesFollowTheDatasetOrderAndTextsAreNormalised() {
    List<Behavior> list = List.of(new Behavior(B, 1L, "  cat \t dog "), new Behavior(A, 2L, "cow"));
    BehaviorSelector selector = new BehaviorSelector(List.of(B, A), options(5, 100, 32, 16), tokenizer);
    SelectedBehaviors s = selector.select(UserHistory.of("u", list), 10L);
    assertThat(s.texts().get(0)).extracting(AtomicText::text).containsExactly("cat dog");
    assertThat(s.texts().get(1)).extracting(AtomicText::text).containsExactly("cow");
    assertThat(s.texts().get(0).get(0).key()).isEqualTo(dev.bahe.api.key.BehaviorKeys.key("cat dog"));
  }

  /** Sequence options with {@code M}, {@code T}, {@code K} and item tokens; the item encoding plays no part here. */
  private static SequenceOptions options(int m, int t, int k, int itemTokens) {
    return new SequenceOptions(m, t, k, itemTokens, ItemEncoding.TOKENS, TypeShares.HISTORY, HistorySummary.NONE,
        HeadInteractions.NONE, UserSequence.PER_TYPE, PositionOrigin.OLDEST);
  }
}
