package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import dev.bahe.api.model.Pooling;

/** Masked mean over the positions of each row; an empty row pools to zeros. The BAHE default. */
final class MeanPooling implements Pooling {

  @Override
  public NDArray pool(NDArray hidden, NDArray mask) {
    NDArray m = PoolingMasks.asFloat(mask);
    NDArray sum = hidden.mul(m.expandDims(2)).sum(new int[] {1});
    NDArray count = m.sum(new int[] {1}, true).maximum(1f);
    return sum.div(count);
  }

  @Override
  public String toString() {
    return "mean";
  }
}
