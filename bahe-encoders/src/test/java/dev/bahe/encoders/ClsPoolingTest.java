package dev.bahe.encoders;

import dev.bahe.api.model.Pooling;

class ClsPoolingTest extends PoolingContract {

  @Override
  protected Pooling pooling() {
    return new ClsPooling();
  }

  @Override
  protected float[] expected() {
    return new float[] {1, 2, 0, 0, -1, -2};
  }
}
