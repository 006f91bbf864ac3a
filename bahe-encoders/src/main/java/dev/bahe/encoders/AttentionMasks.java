package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Additive attention biases: 0 where a key may be attended, a large negative number where it may not. */
final class AttentionMasks {

  private AttentionMasks() {}

  /** From a key mask {@code [B, S]} (1 token, 0 padding) to a bias {@code [B, 1, 1, S]}. */
  static NDArray keyPaddingBias(NDArray mask) {
    NDArray m = mask.toType(DataType.FLOAT32, false);
    Shape s = m.getShape();
    return m.sub(1f).mul(Float.MAX_VALUE).reshape(s.get(0), 1, 1, s.get(1));
  }
}
