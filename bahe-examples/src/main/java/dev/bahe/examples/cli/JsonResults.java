package dev.bahe.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bahe.core.config.ExperimentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a command's results as one JSON document: {@code command}, {@code createdAt}, {@code baheVersion},
 * {@code system} (Java, OS, cores, memory), {@code config} (the full effective configuration, when the command
 * used one) and {@code result} (the command's own record or map, serialised by Jackson). Non-finite numbers are
 * written as JSON strings ({@code "NaN"}), never dropped.
 */
public final class JsonResults {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private JsonResults() {}

  /** The document for {@code result}. */
  public static Map<String, Object> document(String command, ExperimentConfig config, Object result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", command);
    doc.put("createdAt", Instant.now().toString());
    doc.put("baheVersion", BaheCli.version());
    doc.put("system", SystemInfo.describe());
    if (config != null) {
      doc.put("config", config);
    }
    doc.put("result", result);
    return doc;
  }

  /** Writes the document to {@code file} (parent folders created); does nothing when {@code file} is null. */
  public static void write(Path file, String command, ExperimentConfig config, Object result) {
    if (file == null) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(document(command, config, result)) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON results to " + file, e);
    }
  }

  /** One-line JSON of {@code value}, for results printed one per line. */
  public static String toCompactJson(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise results: " + e.getOriginalMessage(), e);
    }
  }

  /** Pretty-printed JSON of {@code value}. */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise results: " + e.getOriginalMessage(), e);
    }
  }
}
