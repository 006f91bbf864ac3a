package dev.bahe.api.model;

import dev.bahe.api.config.EncoderOptions;

/**
 * Creates {@link BehaviorEncoder}s over a loaded backbone. Registered by name ({@code "djl"} runs the DJL lower
 * layers, {@code "onnx"} a truncated ONNX graph in ONNX Runtime); both give the same vectors within 1e-4 for
 * the same weights, split layer and pooling.
 */
public interface BehaviorEncoderFactory {

  BehaviorEncoder create(LayeredLanguageModel model, Pooling pooling, String poolingName, EncoderOptions options);
}
