package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether the user side also gets one vector over all behaviour types, beside the one per type.
 *
 * <p>The feature-parallel variants (+FP, +ABE, BAHE) encode each behaviour type as its own sequence, so the head
 * reads {@code N} user vectors, each pooled from the few behaviours of one type that fit in {@code T / N} tokens,
 * while LLM-CTR reads one vector pooled over all of them. When a click depends on how the candidate matches the
 * user's behaviours of any type, the head of a feature-parallel model has to learn to add that match up over
 * {@code N} noisy vectors; on the demo's data the split alone (+FP against LLM-CTR) cost as much AUC as BAHE's whole
 * gap. The vector across types reads what the per-type vectors already hold — no new text, no label, no id. A
 * departure from the paper, named in the README.
 */
public enum AcrossTypes {
  /**
   * One more user vector: the per-type pooled vectors averaged with weights equal to how many positions each
   * type's sequence has (for mean pooling, the mean over every position of every type), reduced like the others and
   * read by the head (with its product with {@code Q_i} under {@code sequence.interactions: product}). Variants with
   * one sequence (LLM-CTR) already have it and get nothing more.
   */
  MEAN("mean"),
  /** One user vector per behaviour type, as in the BAHE paper. */
  NONE("none");

  private final String id;

  AcrossTypes(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code mean} or {@code none}; other names are an error listing both. */
  @JsonCreator
  public static AcrossTypes of(String id) {
    for (AcrossTypes a : values()) {
      if (a.id.equalsIgnoreCase(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown sequence.acrossTypes '" + id + "'; known: mean, none");
  }

  @Override
  public String toString() {
    return id;
  }
}
