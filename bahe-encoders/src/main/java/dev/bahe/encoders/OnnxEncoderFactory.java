package dev.bahe.encoders;

import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;

/** Encoder {@code "onnx"}: the truncated ONNX graph of a BERT model loaded from ONNX ({@code minilm}, {@code bert-onnx}). */
final class OnnxEncoderFactory implements BehaviorEncoderFactory {

  @Override
  public BehaviorEncoder create(LayeredLanguageModel model, Pooling pooling, String poolingName,
      EncoderOptions options) {
    if (!(model instanceof BertModel bert)) {
      throw new IllegalArgumentException("encoder 'onnx' runs BERT models loaded from ONNX files; "
          + model.descriptor().name() + " (" + model.descriptor().architecture() + ") is not one (use encoder 'djl')");
    }
    return new OnnxBehaviorEncoder(bert, pooling, poolingName, options);
  }
}
