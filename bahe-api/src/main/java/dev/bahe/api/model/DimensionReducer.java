package dev.bahe.api.model;

import ai.djl.nn.Block;
import dev.bahe.api.config.ReducerOptions;

/**
 * The dimension reducer {@code F_d}: maps a pooled representation {@code [B, d]} to {@code [B, d̂]} before
 * the CTR head. Registered by name ({@code "linear"}, {@code "identity"}).
 */
public interface DimensionReducer {

  /** The output size {@code d̂} for input size {@code inputDim}. */
  int outputDim(int inputDim, ReducerOptions options);

  /** A new, uninitialised block {@code [B, inputDim] -> [B, outputDim]}; trainable unless it has no parameters. */
  Block build(int inputDim, ReducerOptions options);
}
