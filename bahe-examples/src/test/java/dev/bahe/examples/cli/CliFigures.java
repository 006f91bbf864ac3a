package dev.bahe.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a reliability figure measured by a test to {@code target/reliability/<name>.json}. */
final class CliFigures {

  static final Path DIR = Path.of("target", "reliability");

  private CliFigures() {}

  static void record(String name, Map<String, ?> figures) {
    try {
      Files.createDirectories(DIR);
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(DIR.resolve(name + ".json").toFile(),
          new TreeMap<>(figures));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
