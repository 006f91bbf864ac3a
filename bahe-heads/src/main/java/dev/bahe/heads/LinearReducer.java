package dev.bahe.heads;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.model.DimensionReducer;
import jakarta.inject.Inject;

/**
 * {@code "linear"} (the default {@code F_d}): a trainable projection {@code y = W x + b},
 * {@code [B, d] -> [B, outputDim]}, weight {@code [outputDim, d]}, bias {@code [outputDim]}.
 */
final class LinearReducer implements DimensionReducer {

  @Inject
  LinearReducer() {}

  @Override
  public int outputDim(int inputDim, ReducerOptions options) {
    if (inputDim <= 0) {
      throw new IllegalArgumentException("reducer input dimension must be > 0, was " + inputDim);
    }
    if (options.outputDim() <= 0) {
      throw new IllegalArgumentException(
          "reducer.outputDim must be > 0 for the 'linear' reducer, was " + options.outputDim());
    }
    return options.outputDim();
  }

  @Override
  public Block build(int inputDim, ReducerOptions options) {
    return Linear.builder().setUnits(outputDim(inputDim, options)).build();
  }
}
