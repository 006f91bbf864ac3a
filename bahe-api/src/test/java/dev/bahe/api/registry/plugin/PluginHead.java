package dev.bahe.api.registry.plugin;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;

/** A plugin's CTR head: one linear layer to the logit. Package-private, reachable only by name. */
final class PluginHead implements CtrHead {

  @Override
  public Block build(int inputDim, HeadOptions options) {
    return Linear.builder().setUnits(1).build();
  }
}
