package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How BAHE's upper layers see the item title. The behaviours are always one pooled store vector each; the item is
 * one short text per impression from a bounded catalogue, so keeping its tokens costs little, and on MovieLens the
 * pooled title lost most of the AUC BAHE gives up against LLM-CTR (docs/results.md).
 */
public enum ItemEncoding {
  /**
   * The title's frozen lower-layer token states, computed once per distinct title and cached, as {@code +ABE} sees
   * every text; the upper layers attend over the title's tokens.
   */
  TOKENS("tokens"),
  /** The title's one pooled store vector, as a length-1 sequence: the item path of the BAHE paper. */
  POOLED("pooled");

  private final String id;

  ItemEncoding(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code tokens} or {@code pooled}; other names are an error listing both. */
  @JsonCreator
  public static ItemEncoding of(String id) {
    for (ItemEncoding e : values()) {
      if (e.id.equalsIgnoreCase(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown item encoding '" + id + "'; known: tokens, pooled");
  }

  @Override
  public String toString() {
    return id;
  }
}
