package dev.bahe.api.config;

import java.util.Objects;

/**
 * The dimension reducer {@code F_d}.
 *
 * @param name registry name ({@code "linear"}, {@code "identity"})
 * @param outputDim target size {@code d̂}; ignored by {@code identity}
 */
public record ReducerOptions(String name, int outputDim) {

  public ReducerOptions {
    Objects.requireNonNull(name, "name");
  }
}
