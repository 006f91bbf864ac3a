package dev.bahe.api.data;

import java.util.Objects;

/**
 * One atomic behaviour of a user: a short text of a given type at a point in time, e.g.
 * {@code "bought: wireless noise-cancelling earbuds"}. The normalised text is the behaviour's identity in a
 * {@link dev.bahe.api.store.BehaviorStore}; see {@link dev.bahe.api.key.BehaviorKeys}.
 *
 * @param type the behaviour type
 * @param timestamp event time (any monotone unit, typically epoch seconds)
 * @param text the behaviour text, non-blank
 */
public record Behavior(BehaviorType type, long timestamp, String text) {

  public Behavior {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("behaviour text must not be blank");
    }
  }
}
