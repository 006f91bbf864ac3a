package dev.bahe.encoders;

import ai.djl.pytorch.jni.JniUtils;
import dev.bahe.api.model.InferenceScope;

/**
 * PyTorch's gradient mode, which is thread-local: DJL turns it off only on the thread that loads the engine and
 * turns it on inside a {@link ai.djl.training.GradientCollector}, so any other thread starts with it on.
 */
final class GradientRecording {

  private GradientRecording() {}

  /** Turns recording off on this thread until the scope closes, then restores the previous mode. */
  static InferenceScope off() {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    return () -> JniUtils.setGradMode(previous);
  }
}
