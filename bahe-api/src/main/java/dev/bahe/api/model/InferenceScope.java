package dev.bahe.api.model;

/**
 * A stretch of code on one thread in which forward passes record no gradients, so prediction keeps no autograd
 * graph and needs a fraction of training's memory and time. Opened by {@link LayeredLanguageModel#inference()};
 * closing it restores the thread's previous mode. Use with try-with-resources on the thread that runs the
 * forward passes.
 */
@FunctionalInterface
public interface InferenceScope extends AutoCloseable {

  /** A scope that switches nothing, for models without a backbone whose graph is worth avoiding. */
  InferenceScope NONE = () -> { };

  /** Restores the gradient mode the thread had when the scope was opened. */
  @Override
  void close();
}
