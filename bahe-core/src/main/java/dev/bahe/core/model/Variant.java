package dev.bahe.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The ablation ladder of DESIGN §2.1: each variant adds one idea to the one before. All share data, reducer,
 * head, optimizer and evaluation, so only the encoding differs.
 */
public enum Variant {
  /** One concatenated text of all behaviour types, cut to {@code T} tokens, through all layers; all train. */
  LLM_CTR("llm-ctr"),
  /** Feature parallel: {@code N} per-type texts of at most {@code T/N} tokens, batched; all layers train. */
  FP("fp"),
  /**
   * Atomic behaviour encoding: frozen lower layers once per unique behaviour (cached); the upper layers see the
   * {@code K} token states of every behaviour, {@code N} sequences of at most {@code M·K} positions.
   */
  ABE("abe"),
  /** Behaviour aggregation (BAHE): one pooled vector per behaviour from the store, {@code M} positions per type. */
  BAHE("bahe");

  private final String id;

  Variant(String id) {
    this.id = id;
  }

  /** The name used in configuration, reports and result files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses a variant name ({@code llm-ctr}, {@code fp}, {@code abe}, {@code bahe}); unknown names list the known. */
  @JsonCreator
  public static Variant of(String id) {
    for (Variant v : values()) {
      if (v.id.equalsIgnoreCase(id) || v.name().equalsIgnoreCase(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown variant '" + id + "'; known variants: "
        + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
