package dev.bahe.heads;

import ai.djl.nn.Block;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.model.DimensionReducer;
import jakarta.inject.Inject;

/**
 * {@code "identity"}: no reduction and no parameters, {@code outputDim = inputDim}; {@code reducer.outputDim}
 * is ignored. For ablations that feed the pooled {@code d}-vectors to the head unchanged.
 */
final class IdentityReducer implements DimensionReducer {

  @Inject
  IdentityReducer() {}

  @Override
  public int outputDim(int inputDim, ReducerOptions options) {
    if (inputDim <= 0) {
      throw new IllegalArgumentException("reducer input dimension must be > 0, was " + inputDim);
    }
    return inputDim;
  }

  @Override
  public Block build(int inputDim, ReducerOptions options) {
    outputDim(inputDim, options);
    return new IdentityBlock();
  }
}
