package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether the click logit gets a learned linear term of the user's per-type behaviour shares, for every text
 * variant alike.
 *
 * <p>A mean over a type's sequence of vectors does not say how long that sequence is, yet how the user's
 * behaviours divide among the types is often the strongest signal there is (on MovieLens, where the types are
 * liked / neutral / disliked, the shares are the user's like-rate; counting them beats every model that lacks
 * them). The shares describe the behaviour sequences only: no impression label, no id. Raw counts are not used:
 * they grow with time, so a model fitted on earlier impressions extrapolates on later ones (measured: a learned
 * term on log counts cost the tiny topic task up to 0.2 test AUC, the shares nothing).
 */
public enum TypeShares {
  /**
   * Each type's share of the user's whole point-in-time history (all behaviours before the impression), and of
   * its {@code M} most recent behaviours of any type.
   */
  HISTORY("history"),
  /** Each type's share of the selected behaviours (those the upper layers see, capped by M and T). */
  SELECTED("selected"),
  /** No share term: the logit is the head's output on {@code Q_u ⊕ Q_i} alone, as in the BAHE paper. */
  NONE("none");

  private final String id;

  TypeShares(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code history}, {@code selected} or {@code none}; other names are an error listing them. */
  @JsonCreator
  public static TypeShares of(String id) {
    for (TypeShares c : values()) {
      if (c.id.equalsIgnoreCase(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown type shares '" + id + "'; known: history, selected, none");
  }

  @Override
  public String toString() {
    return id;
  }
}
