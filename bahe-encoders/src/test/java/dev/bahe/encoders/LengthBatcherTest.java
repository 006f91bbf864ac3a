package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LengthBatcherTest {

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
  void everyTextOnceWithinTheTokenCapAndLittlePadding() {
    Random r = new Random(5);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      texts.add("word ".repeat(1 + r.nextInt(30)));
    }
    int cap = 200;
    int[] seen = new int[texts.size()];
    long[] padded = {0};
    List<Integer> batchLengths = new ArrayList<>();
    new LengthBatcher(tokenizer, 24, cap).forEachBatch(texts, (batch, rows) -> {
      assertThat((long) batch.batchSize() * batch.length()).isLessThanOrEqualTo(cap);
      assertThat(rows).hasSize(batch.batchSize());
      for (int i = 0; i < rows.length; i++) {
        seen[rows[i]]++;
        int expected = Math.min(24, tokenizer.countTokens(texts.get(rows[i])));
        assertThat(batch.lengths()[i]).isEqualTo(expected);
        TokenizedBatch alone = tokenizer.encode(List.of(texts.get(rows[i])), 24);
        for (int t = 0; t < expected; t++) {
          assertThat(batch.ids()[i * batch.length() + t]).isEqualTo(alone.ids()[t]);
        }
      }
      padded[0] += (long) batch.batchSize() * batch.length() - batch.realTokens();
      batchLengths.add(batch.length());
    });
    assertThat(seen).containsOnly(1);
    assertThat(batchLengths).isSorted();
    // sorted buckets: padding is a small fraction of what one big batch would need
    long real = 0;
    for (String t : texts) {
      real += Math.min(24, tokenizer.countTokens(t));
    }
    assertThat((double) padded[0] / real).isLessThan(0.1);
  }

  @Test
  void capBelowMaxTokensIsRejected() {
    assertThatThrownBy(() -> new LengthBatcher(tokenizer, 32, 16)).isInstanceOf(IllegalArgumentException.class);
  }
}
