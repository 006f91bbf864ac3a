package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.bahe.api.model.LayeredLanguageModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token-state cache: a text's states depend on the text alone, not on the batch that first needed it. */
class TokenStateCacheTest {

  private static LayeredLanguageModel llm;

  @BeforeAll
  static void load() {
    llm = ModelTestSupport.tinyBert();
  }

  @AfterAll
  static void close() {
    llm.close();
  }

  private static TokenStateCache cache() {
    return new TokenStateCache(llm.lower(ModelTestSupport.SPLIT), llm.tokenizer(), 16, 32);
  }

  @Test
  void statesAreBitIdenticalWhateverTextsShareTheFirstRequest() {
    String title = "a short title";
    List<String> longer = List.of("a much longer title about cooking pasta with friends on sunday evenings",
        "jazz piano", title, "mountain hiking in the rain");
    try (NDManager manager = NDManager.newBaseManager()) {
      TokenStateCache alone = cache();
      alone.ensure(List.of(title), manager);
      TokenStateCache together = cache();
      together.ensure(longer, manager);
      // bit for bit: both encode the title as a batch of one with no padding
      assertThat(together.states(title)).containsExactly(alone.states(title));
      assertThat(together.states(title).length % 32).isZero();
      assertThat(together.encodedCount()).isEqualTo(4);
      together.ensure(List.of(title, "jazz piano"), manager);
      assertThat(together.encodedCount()).as("cached texts are not encoded again").isEqualTo(4);
    }
  }
}
