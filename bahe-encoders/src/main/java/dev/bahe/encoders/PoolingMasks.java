package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Shared helpers of the pooling functions. */
final class PoolingMasks {

  private PoolingMasks() {}

  /** The mask {@code [B, T]} as 0/1 float32. */
  static NDArray asFloat(NDArray mask) {
    return mask.neq(0).toType(DataType.FLOAT32, false);
  }

  /** 1 for rows with at least one token, else 0: {@code [B, 1]} float32. */
  static NDArray nonEmptyRows(NDArray maskFloat) {
    return maskFloat.sum(new int[] {1}, true).gt(0f).toType(DataType.FLOAT32, false);
  }

  /**
   * Selects one position per row: {@code [B, T]} one-hot of the argmax of {@code score} (non-empty rows only),
   * then the weighted sum of {@code hidden [B, T, d]}. Differentiable in {@code hidden}.
   */
  static NDArray selectPosition(NDArray hidden, NDArray maskFloat, NDArray score) {
    long t = hidden.getShape().get(1);
    NDArray index = score.argMax(1).reshape(-1, 1);
    NDArray positions = hidden.getManager().arange(0, (int) t, 1, DataType.INT64).reshape(1, t);
    NDArray oneHot = positions.eq(index).toType(DataType.FLOAT32, false).mul(nonEmptyRows(maskFloat));
    return hidden.mul(oneHot.expandDims(2)).sum(new int[] {1});
  }
}
