package dev.bahe.encoders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The tiny random decoder checkpoints under {@code src/test/resources/decoder-fixtures}, generated once by
 * {@code src/test/fixtures-gen/make_decoder_fixtures.py} with an independent numpy forward pass.
 */
final class DecoderFixtures {

  private DecoderFixtures() {}

  static Path dir(String arch) {
    try {
      return Path.of(DecoderFixtures.class.getResource("/decoder-fixtures/" + arch + "/config.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected(String arch) {
    try {
      return new ObjectMapper().readTree(dir(arch).resolve("expected.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
