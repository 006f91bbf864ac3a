package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.LayeredLanguageModel;

/** Checks shared by the backbone factories. */
final class BackboneChecks {

  private BackboneChecks() {}

  /** Returns {@code model} if {@code options.splitLayer()} fits it; otherwise closes it and throws. */
  static LayeredLanguageModel withSplit(LayeredLanguageModel model, BackboneOptions options) {
    int layers = model.descriptor().numLayers();
    if (options.splitLayer() > layers) {
      String name = model.descriptor().name();
      model.close();
      SplitLayers.check(options.splitLayer(), layers, name);
    }
    return model;
  }
}
