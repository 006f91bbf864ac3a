package dev.bahe.encoders;

import dev.bahe.api.model.Pooling;

class EosPoolingTest extends PoolingContract {

  @Override
  protected Pooling pooling() {
    return new EosPooling();
  }

  @Override
  protected float[] expected() {
    return new float[] {3, -4, 0, 0, 7, -8};
  }
}
