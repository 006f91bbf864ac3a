package dev.bahe.encoders;

import dev.bahe.api.model.Pooling;

class MeanPoolingTest extends PoolingContract {

  @Override
  protected Pooling pooling() {
    return new MeanPooling();
  }

  @Override
  protected float[] expected() {
    return new float[] {2, -1, 0, 0, 11f / 3, -4f / 3};
  }
}
