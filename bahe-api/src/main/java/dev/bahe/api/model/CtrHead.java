package dev.bahe.api.model;

import ai.djl.nn.Block;
import dev.bahe.api.config.HeadOptions;

/**
 * The CTR head {@code F_θ}: from the concatenated user and item representations to a click logit. Registered
 * by name ({@code "dnn"}, {@code "lr"}, {@code "dcnv2"}).
 */
public interface CtrHead {

  /**
   * A new, uninitialised block mapping {@code [B, inputDim]} to logits {@code [B, 1]} (no sigmoid: the loss
   * applies it, which is numerically stable). Dropout is active only in training mode.
   */
  Block build(int inputDim, HeadOptions options);
}
