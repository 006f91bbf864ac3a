package dev.bahe.encoders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where an ONNX model's bytes live: a file or a classpath resource. Re-readable on demand. */
final class OnnxSource {

  private final Path file;
  private final String resource;

  private OnnxSource(Path file, String resource) {
    this.file = file;
    this.resource = resource;
  }

  static OnnxSource file(Path file) {
    return new OnnxSource(file, null);
  }

  static OnnxSource classpath(String resource) {
    return new OnnxSource(null, resource);
  }

  /** {@code classpath:<name>} or the file path, for messages and provenance. */
  String location() {
    return file != null ? file.toString() : "classpath:" + resource;
  }

  /**
   * Reads all bytes.
   *
   * @throws IllegalArgumentException naming the file if it does not exist
   * @throws UncheckedIOException on read errors
   */
  byte[] read() {
    try {
      if (file != null) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("ONNX file not found: " + file.toAbsolutePath());
        }
        return Files.readAllBytes(file);
      }
      try (InputStream in = OnnxSource.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("classpath resource " + resource + " not found (is its jar on the"
              + " classpath?)");
        }
        return in.readAllBytes();
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("ONNX file not found: " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX model " + location(), e);
    }
  }
}
