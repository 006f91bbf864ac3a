package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.LayeredLanguageModel;

/** Backbone {@code "minilm"}: the bundled all-MiniLM-L6-v2. {@code path} must be empty. */
final class MiniLmBackboneFactory implements BackboneFactory {

  @Override
  public LayeredLanguageModel load(BackboneOptions options) {
    if (!options.path().isEmpty()) {
      throw new IllegalArgumentException("backbone 'minilm' is bundled and takes no path (was '" + options.path()
          + "'); use 'bert-onnx' for a file");
    }
    return BackboneChecks.withSplit(Backbones.miniLm(), options);
  }
}
