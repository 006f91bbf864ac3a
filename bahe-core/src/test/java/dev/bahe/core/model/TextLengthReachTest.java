package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.config.ExperimentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TextLengthReachTest {

  private LayeredLanguageModel llm;

  @BeforeEach
  void setUp() {
    llm = ModelTestSupport.tinyBert();
  }

  @AfterEach
  void tearDown() {
    llm.close();
  }

  private ExperimentConfig config(int m, int t) {
    return ModelTestSupport.config(Variant.BAHE, "sequence.maxBehaviorsPerType=" + m, "sequence.textLength=" + t);
  }

  @Test
  void aTextLengthBeyondEveryHistoryIsRefusedWithWhatToChange() {
    Dataset data = ModelTestSupport.tinyDataset();
    // M = 4 behaviours of about ten tokens per type fit in 1,000 tokens for every impression
    assertThatThrownBy(() -> TextLengthReach.require(data, data.impressions(), config(4, 1000).sequence(),
        llm.tokenizer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence.textLength = 1000 reaches no history")
        .hasMessageContaining("sequence.maxBehaviorsPerType = 4")
        .hasMessageContaining("raise sequence.maxBehaviorsPerType");
  }

  @Test
  void aTextLengthThatCutsSomeHistoryPasses() {
    Dataset data = ModelTestSupport.tinyDataset();
    // 24 tokens per type hold three of these behaviours, fewer than the eight liked ones at time 125
    assertThatCode(() -> TextLengthReach.require(data, data.impressions(), config(4, 48).sequence(),
        llm.tokenizer())).doesNotThrowAnyException();
    // raising M lets the same long T reach the histories again
    assertThatCode(() -> TextLengthReach.require(data, data.impressions(), config(12, 96).sequence(),
        llm.tokenizer())).doesNotThrowAnyException();
  }

  @Test
  void theReachCountsWhatTheModelReadsOfEachHistory() {
    Dataset data = ModelTestSupport.tinyDataset();
    // each user: liked at times 10, 20, 40, 50, 70, 80, 100, 110, disliked at 30, 60, 90, 120; impressions at 55
    // (4 liked and 1 disliked before) and 125 (8 and 4 before); 102 earlier behaviours over the 12 impressions
    HistoryReach one = TextLengthReach.measure(data, data.impressions(), config(1, 1000).sequence(),
        llm.tokenizer());
    // M = 1 keeps the newest behaviour of each type, and the budget cuts nothing
    assertThat(one.impressions()).isEqualTo(12);
    assertThat(one.cutByBudget()).isZero();
    assertThat(one.behaviorsKept()).isEqualTo(24);
    assertThat(one.behaviorsBefore()).isEqualTo(102);
    assertThat(one.keptShare()).isEqualTo(24.0 / 102);
    BehaviorSelector selector = new BehaviorSelector(data.types(), config(1, 1000).sequence(), llm.tokenizer());
    long tokens = 0;
    for (Impression imp : data.impressions()) {
      for (BehaviorType type : data.types()) {
        for (Behavior b : data.history(imp.userId()).recent(type, imp.timestamp(), 1)) {
          tokens += selector.behaviorText(b.text()).tokens();
        }
      }
    }
    assertThat(one.tokensKept()).isEqualTo(tokens);
    assertThat(one.meanTokens()).isEqualTo(tokens / 12.0);

    // every behaviour text costs 7 or 8 tokens, so 24 tokens per type hold the three most recent behaviours: at
    // 55 three of the four liked and the one disliked, at 125 three of each; the budget cuts every impression
    for (Impression imp : data.impressions()) {
      for (BehaviorType type : data.types()) {
        for (Behavior b : data.history(imp.userId()).recent(type, Long.MAX_VALUE, 100)) {
          assertThat(selector.behaviorText(b.text()).tokens()).as(b.text()).isBetween(7, 8);
        }
      }
    }
    HistoryReach cut = TextLengthReach.measure(data, data.impressions(), config(4, 48).sequence(),
        llm.tokenizer());
    assertThat(cut.cutByBudget()).isEqualTo(12);
    assertThat(cut.cutShare()).isEqualTo(1.0);
    assertThat(cut.behaviorsKept()).isEqualTo(6 * (4 + 6));
    assertThat(cut.meanKept()).isEqualTo(5.0);
    assertThat(cut.meanBefore()).isEqualTo(8.5);
    // the largest selection is one at time 125: three behaviours per type, six of 7 or 8 tokens
    assertThat(cut.longestTokens()).isBetween(42L, 48L);
    // require measures the same reach it checks
    assertThat(TextLengthReach.require(data, data.impressions(), config(4, 48).sequence(), llm.tokenizer()))
        .isEqualTo(cut);
  }

  @Test
  void anInconsistentReachIsRefused() {
    assertThatThrownBy(() -> new HistoryReach(2, 3, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistoryReach(2, 1, 5, 4, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistoryReach(2, 1, 3, 4, 10, 11)).isInstanceOf(IllegalArgumentException.class);
  }
}
