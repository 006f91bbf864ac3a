package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether the head {@code F_θ} reads, beside {@code Q_u ⊕ Q_i}, the element-wise product of each user
 * representation with the item's.
 *
 * <p>A click often depends on how well the candidate matches what the user did: a similarity of two vectors. A
 * multilayer perceptron on the concatenation {@code Q_u ⊕ Q_i} can only approximate a product of its inputs, and
 * needs many impressions to do so; the products {@code Q_u,r ⊙ Q_i} hand it the matching directly, so that a
 * weighted dot product is one linear layer away (the product layer of PNN and DIN's interaction features). The
 * same for every variant, and it reads only what the representations already hold. A departure from the BAHE
 * paper's head input, named in the README.
 */
public enum HeadInteractions {
  /**
   * The head reads {@code Q_u ⊕ Q_i ⊕ (Q_u,1 ⊙ Q_i) ⊕ … ⊕ (Q_u,R ⊙ Q_i)}: one product per reduced user vector
   * (per sequence, and per history-summary row when there is a summary).
   */
  PRODUCT("product"),
  /**
   * As {@link #PRODUCT}, of the L2-normalised vectors: each product is bounded and their sum is the cosine of the
   * two, so the head's input is scale-free whatever the norms the upper layers give.
   */
  COSINE("cosine"),
  /** The head reads {@code Q_u ⊕ Q_i}, as in the BAHE paper. */
  NONE("none");

  private final String id;

  HeadInteractions(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code product} or {@code none}; other names are an error listing both. */
  @JsonCreator
  public static HeadInteractions of(String id) {
    for (HeadInteractions h : values()) {
      if (h.id.equalsIgnoreCase(id)) {
        return h;
      }
    }
    throw new IllegalArgumentException("unknown head interactions '" + id + "'; known: product, cosine, none");
  }

  @Override
  public String toString() {
    return id;
  }
}
