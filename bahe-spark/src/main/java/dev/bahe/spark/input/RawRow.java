package dev.bahe.spark.input;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of an input file before validation: the raw value of each field by name (null when absent), or the
 * problem that kept the row from being read at all (a wrong column count, a line that is not a JSON object).
 *
 * @param file the file the row came from
 * @param line 1-based line (or row) number
 * @param values raw field values; empty when {@code problem} is set
 * @param problem why the row could not be read, or null
 */
record RawRow(String file, long line, Map<String, String> values, BadRow problem) implements Serializable {

  /** A non-blank identifier, stripped. */
  String id(String field) {
    String v = values.get(field);
    if (v == null || v.isBlank()) {
      throw reject(field, RowProblem.MISSING_FIELD, "missing value");
    }
    return v.strip();
  }

  /** A non-blank text, kept as written. */
  String text(String field) {
    String v = values.get(field);
    if (v == null) {
      throw reject(field, RowProblem.MISSING_FIELD, "missing value");
    }
    if (v.isBlank()) {
      throw reject(field, RowProblem.BLANK_TEXT, "text is blank");
    }
    return v;
  }

  /** A signed 64-bit integer. */
  long integer(String field) {
    String v = values.get(field);
    if (v == null || v.isBlank()) {
      throw reject(field, RowProblem.MISSING_FIELD, "missing value");
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw reject(field, RowProblem.BAD_NUMBER, "not an integer: '" + v + "'");
    }
  }

  /** A click label, exactly 0 or 1. */
  int label(String field) {
    String v = values.get(field);
    if (v == null || v.isBlank()) {
      throw reject(field, RowProblem.MISSING_FIELD, "missing value");
    }
    return switch (v.strip()) {
      case "0" -> 0;
      case "1" -> 1;
      default -> throw reject(field, RowProblem.BAD_LABEL, "label must be 0 or 1, was '" + v + "'");
    };
  }

  Rejected reject(String field, RowProblem reason, String detail) {
    return new Rejected(new BadRow(file, line, field, reason, detail));
  }

  /** Thrown by the accessors; carries the bad row. */
  static final class Rejected extends RuntimeException {
    final BadRow row;

    Rejected(BadRow row) {
      super(row.message(), null, false, false);
      this.row = row;
    }
  }
}
