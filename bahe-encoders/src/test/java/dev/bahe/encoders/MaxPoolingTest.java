package dev.bahe.encoders;

import dev.bahe.api.model.Pooling;

class MaxPoolingTest extends PoolingContract {

  @Override
  protected Pooling pooling() {
    return new MaxPooling();
  }

  @Override
  protected float[] expected() {
    return new float[] {3, 2, 0, 0, 7, 6};
  }
}
