package dev.bahe.api.config;

import java.util.Objects;

/**
 * Which pretrained backbone to load.
 *
 * @param name registry name of the {@link dev.bahe.api.model.BackboneFactory} (e.g. {@code "minilm"})
 * @param path weights location (an ONNX file, a Hugging Face model directory); empty for a bundled model
 * @param splitLayer the split layer {@code k}: lower = embeddings + layers {@code [0, k)}
 */
public record BackboneOptions(String name, String path, int splitLayer) {

  public BackboneOptions {
    Objects.requireNonNull(name, "name");
    path = path == null ? "" : path;
    if (splitLayer < 0) {
      throw new IllegalArgumentException("backbone.splitLayer must be >= 0, was " + splitLayer);
    }
  }
}
