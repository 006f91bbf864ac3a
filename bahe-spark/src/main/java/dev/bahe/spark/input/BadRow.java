package dev.bahe.spark.input;

import java.io.Serializable;

/**
 * One rejected input row, named as the single-machine loaders name it: {@code file:line: field 'f': detail}.
 *
 * @param file the file the row came from
 * @param line 1-based line number (the header is line 1 of a TSV file; the row number in a Parquet file)
 * @param field the offending field
 * @param reason the reason class, for counting skipped rows
 * @param detail what is wrong
 */
public record BadRow(String file, long line, String field, RowProblem reason, String detail) implements Serializable {

  /** The message format of the single-machine loaders' {@code DataFormatException}. */
  public String message() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(detail).toString();
  }
}
