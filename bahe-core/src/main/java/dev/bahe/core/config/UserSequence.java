package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How BAHE's upper layers see a user's selected behaviours: one sequence per behaviour type (the paper's
 * feature-parallel layout) or one sequence of all of them in time order.
 *
 * <p>Per type, attention never crosses types: a behaviour of one type cannot be read in the light of the user's
 * behaviours of another, and the head receives {@code N} pooled vectors it has to combine itself. Where a click
 * depends on the whole recent history (on the demo's synthetic data, a user's interest shows in all types), the
 * ladder of DESIGN §2.1 loses most of its AUC at exactly that split. Merged, the same selected behaviours (the
 * same {@code T / N} budget per type, so every variant still sees the same texts) form one sequence ordered by
 * time, each stored vector plus a learned embedding of its type, and the upper layers attend across types. A
 * departure from the paper, named in the README; BAHE only.
 */
public enum UserSequence {
  /** {@code N} sequences per sample, one per type, as in the BAHE paper. */
  PER_TYPE("perType"),
  /**
   * One sequence per sample of all types' selected behaviours, oldest first (ties in the dataset's type order),
   * each stored vector plus its type's learned embedding (zero at initialisation) and its position in the merged
   * sequence; the head reads one pooled user vector.
   */
  MERGED("merged");

  private final String id;

  UserSequence(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code perType} or {@code merged}; other names are an error listing both. */
  @JsonCreator
  public static UserSequence of(String id) {
    for (UserSequence s : values()) {
      if (s.id.equalsIgnoreCase(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown user sequence '" + id + "'; known: perType, merged");
  }

  @Override
  public String toString() {
    return id;
  }
}
