package dev.bahe.encoders;

import dev.bahe.api.model.BehaviorEncoderFactory;

class DjlBehaviorEncoderTest extends BehaviorEncoderContract {

  @Override
  protected BehaviorEncoderFactory factory() {
    return new DjlEncoderFactory();
  }
}
