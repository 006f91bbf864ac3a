package dev.bahe.api.config;

import java.util.Objects;

/**
 * How atomic behaviours are encoded by the frozen lower layers.
 *
 * @param name registry name of the {@link dev.bahe.api.model.BehaviorEncoderFactory} ({@code "djl"} or
 *     {@code "onnx"})
 * @param splitLayer the split layer {@code k}
 * @param pooling registry name of the pooling applied to the layer-{@code k} token states
 * @param maxTokens truncation length of one behaviour text, special tokens included
 * @param maxTokensPerBatch cap on padded tokens per forward pass, bounding memory
 */
public record EncoderOptions(String name, int splitLayer, String pooling, int maxTokens, int maxTokensPerBatch) {

  public EncoderOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pooling, "pooling");
    if (maxTokens <= 0 || maxTokensPerBatch < maxTokens) {
      throw new IllegalArgumentException(
          "encoder.maxTokens must be > 0 and encoder.maxTokensPerBatch >= maxTokens, were "
              + maxTokens + " and " + maxTokensPerBatch);
    }
  }
}
