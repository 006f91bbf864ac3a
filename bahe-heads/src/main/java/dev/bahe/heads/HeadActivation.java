package dev.bahe.heads;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The hidden activations a head accepts in {@code head.activation}. */
enum HeadActivation {
  RELU("relu", Activation::reluBlock),
  GELU("gelu", Activation::geluBlock),
  TANH("tanh", Activation::tanhBlock);

  private final String configName;
  private final Supplier<Block> factory;

  HeadActivation(String configName, Supplier<Block> factory) {
    this.configName = configName;
    this.factory = factory;
  }

  /** A new parameterless activation block. */
  Block newBlock() {
    return factory.get();
  }

  /** The activation named {@code name}; an unknown name is an error listing the allowed ones. */
  static HeadActivation of(String name) {
    for (HeadActivation a : values()) {
      if (a.configName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown head.activation '" + name + "'; allowed: "
        + Arrays.stream(values()).map(a -> a.configName).collect(Collectors.joining(", ")));
  }
}
