package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Dataset;
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
    // 24 tokens per type hold two of these behaviours, fewer than the four each type has at time 125
    assertThatCode(() -> TextLengthReach.require(data, data.impressions(), config(4, 48).sequence(),
        llm.tokenizer())).doesNotThrowAnyException();
    // raising M lets the same long T reach the histories again
    assertThatCode(() -> TextLengthReach.require(data, data.impressions(), config(12, 96).sequence(),
        llm.tokenizer())).doesNotThrowAnyException();
  }
}
