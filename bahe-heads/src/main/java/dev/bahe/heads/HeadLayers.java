package dev.bahe.heads;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.bahe.api.config.HeadOptions;
import java.util.List;

/** Shared building and validation of the heads' layers. */
final class HeadLayers {

  private HeadLayers() {}

  /**
   * The hidden part of an MLP: for each size {@code h} of {@code options.hiddenSizes()}, {@code Linear(h)},
   * the activation, and dropout when {@code options.dropout() > 0}. Input {@code [B, d]}, output
   * {@code [B, last h]} (or the input unchanged when there are no hidden sizes).
   */
  static SequentialBlock hiddenLayers(HeadOptions options) {
    HeadActivation activation = HeadActivation.of(options.activation());
    List<Integer> sizes = options.hiddenSizes();
    SequentialBlock block = new SequentialBlock();
    for (int i = 0; i < sizes.size(); i++) {
      int size = sizes.get(i);
      if (size <= 0) {
        throw new IllegalArgumentException("head.hiddenSizes[" + i + "] must be > 0, was " + size);
      }
      block.add(Linear.builder().setUnits(size).build());
      block.add(activation.newBlock());
      if (options.dropout() > 0) {
        block.add(Dropout.builder().optRate((float) options.dropout()).build());
      }
    }
    return block;
  }

  /** The final projection to one logit per row. */
  static Linear logit() {
    return Linear.builder().setUnits(1).build();
  }

  static void checkInputDim(int inputDim) {
    if (inputDim <= 0) {
      throw new IllegalArgumentException("head input dimension must be > 0, was " + inputDim);
    }
  }
}
