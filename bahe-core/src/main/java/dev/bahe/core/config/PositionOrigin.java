package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which of a sequence's selected behaviours gets BAHE's behaviour position 0: the oldest (the order the text
 * reads, as in the paper) or the newest.
 *
 * <p>The selected behaviours are the most recent ones of the history and run oldest first. Counted from the
 * oldest, a position says how far a behaviour is from the start of whatever the text budget kept, so the same
 * position row means "third most recent" in a sequence of three and "forty-eighth most recent" in one of fifty:
 * the upper layers cannot tell a recent behaviour from an old one once sequences differ in length, which is what
 * long histories bring (on MovieLens, counting the user's last 20 ratings beats counting all of them). Counted
 * from the newest, position {@code j} is always the {@code (j + 1)}-th most recent behaviour, in every sequence
 * and at every {@code T}. Applies to the learned per-behaviour position table (rotary backbones encode relative
 * positions and are unchanged); BAHE only. A departure from the paper, named in the README.
 */
public enum PositionOrigin {
  /** Position 0 is the oldest selected behaviour, as in the BAHE paper. */
  OLDEST("oldest"),
  /** Position 0 is the newest selected behaviour: a position is how recent a behaviour is. */
  NEWEST("newest");

  private final String id;

  PositionOrigin(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code oldest} or {@code newest}; other names are an error listing both. */
  @JsonCreator
  public static PositionOrigin of(String id) {
    for (PositionOrigin p : values()) {
      if (p.id.equalsIgnoreCase(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown position origin '" + id + "'; known: oldest, newest");
  }

  @Override
  public String toString() {
    return id;
  }
}
