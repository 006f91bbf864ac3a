package dev.bahe.examples.data;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a header-less file of single-character-separated fields with a fixed list of field names, as the
 * MovieLens files are. Every row must have exactly that many fields.
 */
final class SeparatedReader extends RowReader {

  private final Pattern separator;
  private final List<String> fields;
  private final Map<String, Integer> index = new HashMap<>();

  SeparatedReader(Path file, char separator, Charset charset, List<String> fields) {
    super(file, charset);
    this.separator = Pattern.compile(Pattern.quote(String.valueOf(separator)));
    this.fields = List.copyOf(fields);
    for (int i = 0; i < fields.size(); i++) {
      index.put(fields.get(i), i);
    }
  }

  @Override
  Row next() {
    String line = nextLine();
    if (line == null) {
      return null;
    }
    long lineNo = lineNumber();
    String[] values = separator.split(line, -1);
    if (values.length != fields.size()) {
      String field = values.length < fields.size() ? fields.get(values.length) : "(field " + values.length + ")";
      throw new DataFormatException(file(), lineNo, field, BadRowReason.WRONG_COLUMN_COUNT,
          "expected " + fields.size() + " fields, found " + values.length);
    }
    return new Row() {
      @Override
      public Path file() {
        return SeparatedReader.this.file();
      }

      @Override
      public long line() {
        return lineNo;
      }

      @Override
      public String raw(String field) {
        Integer i = index.get(field);
        return i == null ? null : values[i];
      }
    };
  }
}
