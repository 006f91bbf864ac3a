package dev.bahe.examples.data;

import java.nio.file.Path;

/** One data row of a TSV or JSON Lines file, with typed accessors that fail naming file, line and field. */
interface Row {

  Path file();

  /** 1-based line number of the row. */
  long line();

  /** The raw value of {@code field}, or null when absent (or JSON null). */
  String raw(String field);

  /** A non-blank identifier, stripped of surrounding whitespace. */
  default String id(String field) {
    String v = raw(field);
    if (v == null || v.isBlank()) {
      throw error(field, BadRowReason.MISSING_FIELD, "missing value");
    }
    return v.strip();
  }

  /** A non-blank text, kept as written. */
  default String text(String field) {
    String v = raw(field);
    if (v == null) {
      throw error(field, BadRowReason.MISSING_FIELD, "missing value");
    }
    if (v.isBlank()) {
      throw error(field, BadRowReason.BLANK_TEXT, "text is blank");
    }
    return v;
  }

  /** A signed 64-bit integer such as an epoch-seconds timestamp. */
  default long integer(String field) {
    String v = raw(field);
    if (v == null || v.isBlank()) {
      throw error(field, BadRowReason.MISSING_FIELD, "missing value");
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw error(field, BadRowReason.BAD_NUMBER, "not an integer: '" + v + "'");
    }
  }

  /** A click label: exactly {@code 0} or {@code 1}. */
  default int label(String field) {
    String v = raw(field);
    if (v == null || v.isBlank()) {
      throw error(field, BadRowReason.MISSING_FIELD, "missing value");
    }
    return switch (v.strip()) {
      case "0" -> 0;
      case "1" -> 1;
      default -> throw error(field, BadRowReason.BAD_LABEL, "label must be 0 or 1, was '" + v + "'");
    };
  }

  default DataFormatException error(String field, BadRowReason reason, String detail) {
    return new DataFormatException(file(), line(), field, reason, detail);
  }
}
