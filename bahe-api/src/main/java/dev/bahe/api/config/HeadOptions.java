package dev.bahe.api.config;

import java.util.List;
import java.util.Objects;

/**
 * The CTR head {@code F_θ}.
 *
 * @param name registry name ({@code "dnn"}, {@code "lr"}, {@code "dcnv2"})
 * @param hiddenSizes MLP hidden layer sizes (DNN, and the deep part of DCN-v2)
 * @param activation hidden activation: {@code "relu"}, {@code "gelu"} or {@code "tanh"}
 * @param dropout dropout rate after each hidden layer, in {@code [0, 1)}
 * @param crossLayers number of cross layers (DCN-v2)
 */
public record HeadOptions(String name, List<Integer> hiddenSizes, String activation, double dropout, int crossLayers) {

  public HeadOptions {
    Objects.requireNonNull(name, "name");
    hiddenSizes = hiddenSizes == null ? List.of() : List.copyOf(hiddenSizes);
    activation = activation == null ? "relu" : activation;
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("head.dropout must be in [0, 1), was " + dropout);
    }
  }
}
