package dev.bahe.spark.input;

import java.util.Locale;

/**
 * How an input table is stored: the canonical layout's tab-separated file with a header row ({@code .tsv}), JSON
 * Lines ({@code .jsonl}), or a Parquet table ({@code .parquet}, a file or a directory) with the same columns.
 */
public enum InputFormat {
  TSV("tsv"),
  JSONL("jsonl"),
  PARQUET("parquet");

  private final String extension;

  InputFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** The format named {@code tsv}, {@code jsonl} or {@code parquet} (case-insensitive). */
  public static InputFormat of(String name) {
    for (InputFormat f : values()) {
      if (f.extension.equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown input format '" + name + "'; known: tsv, jsonl, parquet"
        + " (was " + name.toLowerCase(Locale.ROOT) + ")");
  }
}
