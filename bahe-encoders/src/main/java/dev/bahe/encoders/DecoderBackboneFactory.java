package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import java.nio.file.Path;

/**
 * Backbones {@code "llama"} and {@code "qwen2"}: a Hugging Face model directory at {@code path}; the family is
 * read from its {@code config.json}.
 */
final class DecoderBackboneFactory implements BackboneFactory {

  @Override
  public LayeredLanguageModel load(BackboneOptions options) {
    if (options.path().isEmpty()) {
      throw new IllegalArgumentException("backbone '" + options.name() + "' needs backbone.path: a Hugging Face"
          + " model directory with config.json, *.safetensors and tokenizer.json");
    }
    return BackboneChecks.withSplit(Backbones.decoder(Path.of(options.path())), options);
  }
}
