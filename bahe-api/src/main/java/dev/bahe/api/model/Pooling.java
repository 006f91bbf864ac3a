package dev.bahe.api.model;

import ai.djl.ndarray.NDArray;

/**
 * The pooling function {@code F_p}: one vector from the hidden states of a sequence. Used to turn a
 * behaviour's token states into its store vector (ABE) and a type sequence's states into its representation.
 * Stateless and thread-safe; registered by name ({@code "mean"}, {@code "eos"}, {@code "cls"},
 * {@code "max"}).
 */
public interface Pooling {

  /**
   * Pools {@code hidden [B, T, d]} over its positions where {@code mask [B, T]} is non-zero, giving {@code
   * [B, d]}. A row whose mask is all zero pools to zeros. Differentiable, so usable inside training.
   */
  NDArray pool(NDArray hidden, NDArray mask);
}
