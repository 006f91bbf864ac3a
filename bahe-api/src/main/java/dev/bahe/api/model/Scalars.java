package dev.bahe.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic of an array with a constant that stays correct inside an autograd graph. Every block that trains
 * multiplies, divides or compares with constants through these methods, never through DJL's {@code NDArray.mul},
 * {@code div} or {@code maximum} with a {@link Number}.
 *
 * <p>Why: on the PyTorch engine, {@code x.div(c)} wraps {@code c} in a temporary array whose memory is a Java
 * direct buffer and closes it as soon as the quotient is computed, while autograd keeps that array for the
 * backward pass (the gradient of {@code x / c} is {@code 1 / c}). Once a garbage collection frees the buffer
 * between forward and backward, the backward pass reads freed memory: gradients that are NaN, infinite or absurd
 * but finite, at random steps of a seeded run — the rare non-finite training steps of the attention layers'
 * {@code scores / sqrt(d)}. The constants here are allocated by the engine, so autograd holds a reference of its
 * own to them.
 */
public final class Scalars {

  private Scalars() {}

  /** A 0-dimensional array holding {@code value} in {@code like}'s data type, allocated by the engine. */
  public static NDArray of(NDArray like, float value) {
    NDManager manager = like.getManager();
    return manager.full(new Shape(), value, like.getDataType());
  }

  /** {@code x · c}. */
  public static NDArray mul(NDArray x, float c) {
    try (NDArray constant = of(x, c)) {
      return x.mul(constant);
    }
  }

  /** {@code x / c}. */
  public static NDArray div(NDArray x, float c) {
    try (NDArray constant = of(x, c)) {
      return x.div(constant);
    }
  }

  /** The element-wise {@code max(x, c)}. */
  public static NDArray maximum(NDArray x, float c) {
    try (NDArray constant = of(x, c)) {
      return x.maximum(constant);
    }
  }
}
