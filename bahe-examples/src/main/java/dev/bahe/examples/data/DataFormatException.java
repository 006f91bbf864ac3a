package dev.bahe.examples.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset file is malformed. The message names the file, the 1-based line and the field, e.g.
 * {@code behaviors.tsv:17: field 'timestamp': not an integer: 'yesterday'}.
 */
public final class DataFormatException extends RuntimeException {

  private final transient Path file;
  private final long line;
  private final String field;
  private final BadRowReason reason;
  private final String detail;

  /**
   * @param file the file the row came from
   * @param line 1-based line number (the header is line 1 of a TSV file)
   * @param field the offending field (column name), or a description such as {@code "(row)"}
   * @param reason the reason class, for counting skipped rows; null for errors that cannot be skipped
   *     (a missing file, a bad header, undecodable bytes)
   * @param detail what is wrong
   */
  public DataFormatException(Path file, long line, String field, BadRowReason reason, String detail) {
    super(format(file, line, field, detail));
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.field = field;
    this.reason = reason;
    this.detail = detail;
  }

  private static String format(Path file, long line, String field, String detail) {
    StringBuilder sb = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(detail).toString();
  }

  public Path file() {
    return file;
  }

  /** 1-based line number, or 0 when the error concerns the whole file. */
  public long line() {
    return line;
  }

  /** The field (column) at fault, or null. */
  public String field() {
    return field;
  }

  /** The reason, or null when the error is fatal even with {@code skipBadRows}. */
  public BadRowReason reason() {
    return reason;
  }

  /** Whether {@code skipBadRows} may skip the row instead of failing. */
  public boolean skippable() {
    return reason != null;
  }

  /** The description of the problem without file and line. */
  public String detail() {
    return detail;
  }
}
