package dev.bahe.core.model;

import java.util.Objects;

/**
 * One atomic text (a behaviour or an item title) as every variant sees it: its normalised form, which is its
 * identity, its behaviour-store key and its token cost.
 *
 * @param text the normalised text ({@link dev.bahe.api.key.BehaviorKeys#normalize})
 * @param key the store key of {@code text}
 * @param tokens tokens of the text with the backbone tokenizer, special tokens included, capped at the
 *     truncation length used for atomic texts ({@code K}); the number of token states ABE feeds upward
 */
public record AtomicText(String text, long key, int tokens) {

  public AtomicText {
    Objects.requireNonNull(text, "text");
    if (tokens <= 0) {
      throw new IllegalArgumentException("an atomic text has at least one token, was " + tokens + " for '" + text
          + "'");
    }
  }
}
