package dev.bahe.api.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BehaviorKeysTest {

  @Test
  void nfkcFoldsCompatibilityForms() {
    assertThat(BehaviorKeys.normalize("\uFF21\uFF42\uFF43 \uFF11\uFF12")).isEqualTo("Abc 12"); // full-width
    assertThat(BehaviorKeys.normalize("\uFB01ne caf\u0065\u0301")).isEqualTo("fine caf\u00E9"); // ligature, combining
    assertThat(BehaviorKeys.normalize("x\u00B2")).isEqualTo("x2");
  }

  @Test
  void whitespaceRunsCollapseToOneSpaceAndEndsAreStripped() {
    assertThat(BehaviorKeys.normalize("  bought:\t\twireless \n earbuds \r\n")).isEqualTo("bought: wireless earbuds");
    assertThat(BehaviorKeys.normalize("matcha\u00A0latte")).isEqualTo("matcha latte"); // no-break space
    assertThat(BehaviorKeys.normalize("\u3000matcha\u2003\u202Flatte\u3000")).isEqualTo("matcha latte");
    // whitespace that NFKC leaves alone is still whitespace
    assertThat(BehaviorKeys.normalize("matcha\u2028latte\u0085near\u1680me")).isEqualTo("matcha latte near me");
    assertThat(BehaviorKeys.normalize(" \t\n ")).isEmpty();
  }

  @Test
  void caseAndInnerPunctuationAreKept() {
    assertThat(BehaviorKeys.normalize("Apple")).isNotEqualTo(BehaviorKeys.normalize("apple"));
    assertThat(BehaviorKeys.key("Apple")).isNotEqualTo(BehaviorKeys.key("apple"));
    assertThat(BehaviorKeys.normalize("a-b,c")).isEqualTo("a-b,c");
    // a zero-width space is not whitespace: it stays and changes the identity
    assertThat(BehaviorKeys.key("ab")).isNotEqualTo(BehaviorKeys.key("a\u200Bb"));
  }

  @Test
  void equivalentSpellingsShareOneKey() {
    long key = BehaviorKeys.key("bought: wireless noise-cancelling earbuds");
    assertThat(BehaviorKeys.key("  bought:\u00A0wireless\tnoise-cancelling\n\nearbuds ")).isEqualTo(key);
    assertThat(BehaviorKeys.key("\uFF42ought: wireless noise-cancelling earbuds")).isEqualTo(key);
    assertThat(BehaviorKeys.keyOfNormalized("bought: wireless noise-cancelling earbuds")).isEqualTo(key);
  }

  /**
   * The keys are stored on disk: if the hash or the normalisation of ordinary text changes, every existing
   * store silently stops matching. These constants were computed once and must never change.
   */
  @Test
  void keysAreStableAcrossVersions() {
    assertThat(BehaviorKeys.key("bought: wireless noise-cancelling earbuds")).isEqualTo(-7893583998519621897L);
    assertThat(BehaviorKeys.key("Toy Story (1995)")).isEqualTo(-8677134832380815873L);
  }

  @Test
  void keyIsNeverZeroAndDistinctTextsGetDistinctKeys() {
    Random random = new Random(42);
    Set<Long> keys = new HashSet<>();
    Set<String> texts = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String text = "searched: " + Long.toString(random.nextLong(), 36) + " " + i;
      texts.add(BehaviorKeys.normalize(text));
      long key = BehaviorKeys.key(text);
      assertThat(key).as("key of %s", text).isNotZero();
      keys.add(key);
    }
    assertThat(keys).hasSameSizeAs(texts);
    assertThat(BehaviorKeys.key("")).isNotZero();
  }
}
