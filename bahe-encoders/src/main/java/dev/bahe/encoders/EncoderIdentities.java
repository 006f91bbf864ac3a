package dev.bahe.encoders;

import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.LayeredLanguageModel;

/** Builds the identity of an encoder and checks its split layer. */
final class EncoderIdentities {

  private EncoderIdentities() {}

  static EncoderIdentity of(LayeredLanguageModel model, String poolingName, EncoderOptions options) {
    var d = model.descriptor();
    SplitLayers.check(options.splitLayer(), d.numLayers(), d.name());
    return new EncoderIdentity(d.name(), d.weightsChecksum(), options.splitLayer(), poolingName, d.hiddenSize(),
        options.maxTokens());
  }
}
