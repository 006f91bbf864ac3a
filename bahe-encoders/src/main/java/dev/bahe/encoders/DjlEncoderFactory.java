package dev.bahe.encoders;

import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;

/** Encoder {@code "djl"}: the DJL lower layers of any {@link LayeredLanguageModel}. */
final class DjlEncoderFactory implements BehaviorEncoderFactory {

  @Override
  public BehaviorEncoder create(LayeredLanguageModel model, Pooling pooling, String poolingName,
      EncoderOptions options) {
    return new DjlBehaviorEncoder(model, pooling, poolingName, options);
  }
}
