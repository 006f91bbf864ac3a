package dev.bahe.core.train;

import ai.djl.ndarray.NDArray;
import dev.bahe.api.model.Scalars;

/** Binary cross-entropy on logits, in the numerically stable form. */
public final class BinaryCrossEntropy {

  private BinaryCrossEntropy() {}

  /**
   * Mean of {@code max(x, 0) - x·y + log(1 + exp(-|x|))} over all elements: equal to
   * {@code -[y·log σ(x) + (1-y)·log(1-σ(x))]} but without overflow for large {@code |x|}.
   *
   * @param logits {@code x}, any shape
   * @param labels {@code y} in {@code {0, 1}}, same shape, floating point
   * @return a scalar, attached to the logits' manager
   */
  public static NDArray withLogits(NDArray logits, NDArray labels) {
    if (!logits.getShape().equals(labels.getShape())) {
      throw new IllegalArgumentException("logits " + logits.getShape() + " and labels " + labels.getShape()
          + " differ in shape");
    }
    NDArray positivePart = Scalars.maximum(logits, 0f);
    NDArray softplus = logits.abs().neg().exp().add(1f).log();
    return positivePart.sub(logits.mul(labels)).add(softplus).mean();
  }
}
