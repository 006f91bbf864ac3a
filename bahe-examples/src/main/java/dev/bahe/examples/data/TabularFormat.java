package dev.bahe.examples.data;

import java.nio.file.Path;

/**
 * The two encodings of the canonical dataset layout (DESIGN §4): a directory with {@code items},
 * {@code behaviors} and {@code impressions}, either as tab-separated files with a header row ({@code .tsv})
 * or as JSON Lines ({@code .jsonl}) with the same fields.
 *
 * <ul>
 *   <li>{@code items}: {@code item_id}, {@code text}
 *   <li>{@code behaviors}: {@code user_id}, {@code type}, {@code timestamp}, {@code text}
 *   <li>{@code impressions}: {@code user_id}, {@code item_id}, {@code timestamp}, {@code label}
 * </ul>
 */
public enum TabularFormat {
  TSV("tsv"),
  JSONL("jsonl");

  static final String ITEMS = "items";
  static final String BEHAVIORS = "behaviors";
  static final String IMPRESSIONS = "impressions";

  private final String extension;

  TabularFormat(String extension) {
    this.extension = extension;
  }

  /** The file extension without the dot, also the data source name ({@code tsv}, {@code jsonl}). */
  public String extension() {
    return extension;
  }

  public Path itemsFile(Path dir) {
    return dir.resolve(ITEMS + "." + extension);
  }

  public Path behaviorsFile(Path dir) {
    return dir.resolve(BEHAVIORS + "." + extension);
  }

  public Path impressionsFile(Path dir) {
    return dir.resolve(IMPRESSIONS + "." + extension);
  }

  /** The format of a source name ({@code tsv} or {@code jsonl}, case-insensitive). */
  public static TabularFormat of(String source) {
    for (TabularFormat f : values()) {
      if (f.extension.equalsIgnoreCase(source)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown tabular format '" + source + "'; known: tsv, jsonl");
  }
}
