package dev.bahe.examples.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a UTF-8 tab-separated file with a header row. The format has no quoting or escaping: a field is
 * everything between two tabs, so texts may not contain tabs or line breaks (write them as spaces). Column order
 * is free; columns beyond the required ones are allowed and ignored. Every data row must have exactly as many
 * columns as the header. A trailing CR (Windows line ends) and a leading byte-order mark are tolerated.
 */
final class TsvRowReader extends RowReader {

  private final String[] header;
  private final Map<String, Integer> columns = new HashMap<>();

  TsvRowReader(Path file, List<String> requiredFields) {
    super(file, StandardCharsets.UTF_8);
    try {
      header = readHeader(file, requiredFields);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private String[] readHeader(Path file, List<String> requiredFields) {
    String first;
    try {
      first = nextLine();
    } catch (DataFormatException e) {
      // an undecodable header cannot be skipped like a data row: without it no row can be read
      throw new DataFormatException(file, e.line(), "(header)", null, e.detail());
    }
    if (first == null) {
      throw new DataFormatException(file, 1, null, null, "empty file: expected a header row with columns "
          + String.join(", ", requiredFields));
    }
    String[] names = first.split("\t", -1);
    for (int i = 0; i < names.length; i++) {
      String name = names[i].strip();
      names[i] = name;
      if (columns.put(name, i) != null) {
        throw new DataFormatException(file, lineNumber(), name, null, "column appears twice in the header");
      }
    }
    for (String required : requiredFields) {
      if (!columns.containsKey(required)) {
        throw new DataFormatException(file, lineNumber(), required, null,
            "required column missing from the header (found: " + String.join(", ", names) + ")");
      }
    }
    return names;
  }

  @Override
  Row next() {
    String line = nextLine();
    if (line == null) {
      return null;
    }
    String[] values = line.split("\t", -1);
    long lineNo = lineNumber();
    if (values.length != header.length) {
      String field = values.length < header.length ? header[values.length] : "(column " + (values.length) + ")";
      throw new DataFormatException(file(), lineNo, field, BadRowReason.WRONG_COLUMN_COUNT,
          "expected " + header.length + " tab-separated columns (" + String.join(", ", header) + "), found "
              + values.length);
    }
    return new Row() {
      @Override
      public Path file() {
        return TsvRowReader.this.file();
      }

      @Override
      public long line() {
        return lineNo;
      }

      @Override
      public String raw(String field) {
        Integer i = columns.get(field);
        return i == null ? null : values[i];
      }
    };
  }
}
