package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.bahe.api.model.Pooling;

/** Masked element-wise maximum over the positions of each row; an empty row pools to zeros. */
final class MaxPooling implements Pooling {

  @Override
  public NDArray pool(NDArray hidden, NDArray mask) {
    NDArray m = PoolingMasks.asFloat(mask).expandDims(2);
    NDArray masked = NDArrays.where(m.gt(0f).broadcast(hidden.getShape()), hidden,
        hidden.getManager().full(hidden.getShape(), Float.NEGATIVE_INFINITY));
    NDArray max = masked.max(new int[] {1});
    NDArray nonEmpty = PoolingMasks.nonEmptyRows(PoolingMasks.asFloat(mask)).gt(0f).broadcast(max.getShape());
    return NDArrays.where(nonEmpty, max, hidden.getManager().zeros(max.getShape()));
  }

  @Override
  public String toString() {
    return "max";
  }
}
