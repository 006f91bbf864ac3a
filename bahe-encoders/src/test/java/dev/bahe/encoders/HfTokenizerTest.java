package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.model.TokenizedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniLM tokenizer through DJL's Hugging Face binding: special tokens, truncation, right padding. */
class HfTokenizerTest {

  private static HfTokenizer tokenizer;

  @BeforeAll
  static void open() {
    tokenizer = HfTokenizer.open(BundledResources.extract(BundledResources.MINILM_TOKENIZER));
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void addsClsAndSepAndPadsToTheLongestRow() {
    TokenizedBatch b = tokenizer.encode(List.of("hello world", "hi"), 16);
    assertThat(b.batchSize()).isEqualTo(2);
    assertThat(b.length()).isEqualTo(4);
    assertThat(b.lengths()).containsExactly(4, 3);
    // [CLS] hello world [SEP] / [CLS] hi [SEP] [PAD]
    assertThat(b.ids()).containsExactly(101, 7592, 2088, 102, 101, 7632, 102, 0);
    assertThat(b.mask()).containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
    assertThat(tokenizer.padId()).isZero();
  }

  @Test
  void truncationKeepsTheFinalSeparator() {
    String longText = "one two three four five six seven eight nine ten";
    assertThat(tokenizer.countTokens(longText)).isEqualTo(12);
    TokenizedBatch b = tokenizer.encode(List.of(longText), 5);
    assertThat(b.length()).isEqualTo(5);
    assertThat(b.ids()).startsWith(101).endsWith(102);
    assertThat(b.ids()[1]).isEqualTo(2028); // "one"
  }

  @Test
  void emptyBatchAndBadArguments(@TempDir Path dir) throws IOException {
    TokenizedBatch empty = tokenizer.encode(List.of(), 8);
    assertThat(empty.batchSize()).isZero();
    assertThatThrownBy(() -> tokenizer.encode(List.of("x"), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HfTokenizer.open(dir.resolve("missing.json"))).hasMessageContaining("missing.json");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{ not json");
    assertThatThrownBy(() -> HfTokenizer.open(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.json");
  }
}
