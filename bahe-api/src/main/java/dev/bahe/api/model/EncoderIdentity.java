package dev.bahe.api.model;

import java.util.Objects;

/**
 * Everything that determines the vectors a {@link BehaviorEncoder} produces. A behaviour store records it and
 * refuses vectors from an encoder with a different identity.
 *
 * @param modelName model name
 * @param weightsChecksum hex SHA-256 of the weights
 * @param splitLayer the split layer {@code k}: vectors are pooled hidden states after layer {@code k}
 * @param pooling pooling name
 * @param dimension vector dimension
 * @param maxTokens the truncation length of one behaviour text
 */
public record EncoderIdentity(
    String modelName, String weightsChecksum, int splitLayer, String pooling, int dimension, int maxTokens) {

  public EncoderIdentity {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(weightsChecksum, "weightsChecksum");
    Objects.requireNonNull(pooling, "pooling");
  }
}
