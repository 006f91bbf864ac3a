package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.bahe.api.model.Pooling;

/** The hidden state of the last non-padding position of each row (the EOS token); an empty row pools to zeros. */
final class EosPooling implements Pooling {

  @Override
  public NDArray pool(NDArray hidden, NDArray mask) {
    NDArray m = PoolingMasks.asFloat(mask);
    long t = hidden.getShape().get(1);
    // score grows with position on tokens, 0 on padding: argmax is the last token
    NDArray ramp = hidden.getManager().arange(1f, t + 1f, 1f, DataType.FLOAT32).reshape(1, t);
    return PoolingMasks.selectPosition(hidden, m, m.mul(ramp));
  }

  @Override
  public String toString() {
    return "eos";
  }
}
