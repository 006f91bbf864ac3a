package dev.bahe.examples.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a UTF-8 JSON Lines file: one JSON object per line with the same field names as the TSV header. Values
 * may be strings or numbers ({@code "user_id": 17} and {@code "user_id": "17"} are the same); other fields are
 * ignored. A line that is not exactly one JSON object (trailing content such as a second object glued on by a
 * lost line break, or a key that appears twice) is a {@link BadRowReason#BAD_JSON} row, and so is a field that
 * is a boolean, an object or an array.
 */
final class JsonlRowReader extends RowReader {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  JsonlRowReader(Path file, List<String> requiredFields) {
    super(file, StandardCharsets.UTF_8);
  }

  @Override
  Row next() {
    String line = nextLine();
    if (line == null) {
      return null;
    }
    long lineNo = lineNumber();
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new DataFormatException(file(), lineNo, "(json)", BadRowReason.BAD_JSON,
          "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new DataFormatException(file(), lineNo, "(json)", BadRowReason.BAD_JSON, "expected a JSON object");
    }
    JsonNode object = node;
    return new Row() {
      @Override
      public Path file() {
        return JsonlRowReader.this.file();
      }

      @Override
      public long line() {
        return lineNo;
      }

      @Override
      public String raw(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
          return null;
        }
        if (v.isContainerNode() || v.isBoolean()) {
          throw error(field, BadRowReason.BAD_JSON, "expected a string or number, found " + v.getNodeType());
        }
        return v.asText();
      }
    };
  }
}
