package dev.bahe.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether BAHE's head also reads a summary of the user's whole point-in-time history, beside the sequences its
 * upper layers encode.
 *
 * <p>The text budget {@code T} limits how many behaviours the upper layers see (at {@code T = 128} on MovieLens,
 * about three of each type), yet how a candidate relates to everything the user did before often carries signal
 * the most recent few do not (on MovieLens, the similarity of the candidate to the mean of all the user's liked
 * and disliked titles adds to the counters, the same over only the recent ones does not). The behaviour store
 * already holds one vector per behaviour, so the mean of a type's vectors over all history costs a gather and a
 * sum, no transformer work: the cheap long-term path that BAHE's offline encoding makes possible. It reads
 * behaviour texts only: no impression label, no id. A departure from the paper, named in the README.
 */
public enum HistorySummary {
  /**
   * Per type, the mean of the store vectors of all the user's behaviours of that type strictly before the
   * impression (zero for a type the user has none of), projected by its own reducer and read by the head next
   * to {@code Q_u} and {@code Q_i}. BAHE only: the other variants have no store to read it from.
   */
  MEAN("mean"),
  /** The head reads the encoded sequences and the item only, as in the BAHE paper. */
  NONE("none");

  private final String id;

  HistorySummary(String id) {
    this.id = id;
  }

  /** The name used in configuration files. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses {@code mean} or {@code none}; other names are an error listing both. */
  @JsonCreator
  public static HistorySummary of(String id) {
    for (HistorySummary s : values()) {
      if (s.id.equalsIgnoreCase(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown history summary '" + id + "'; known: mean, none");
  }

  @Override
  public String toString() {
    return id;
  }
}
