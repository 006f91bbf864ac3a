package dev.bahe.api.registry.plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.bahe.api.model.Pooling;

/** A plugin's pooling: the masked sum of the token states. Package-private, reachable only by name. */
final class SumPooling implements Pooling {

  @Override
  public NDArray pool(NDArray hidden, NDArray mask) {
    return hidden.mul(mask.toType(DataType.FLOAT32, false).expandDims(2)).sum(new int[] {1});
  }
}
