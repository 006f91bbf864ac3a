package dev.bahe.heads;

import ai.djl.nn.Block;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;

/**
 * {@code "dcnv2"} (parallel) and {@code "dcnv2-stacked"}: DCN-v2 with {@code crossLayers} full-rank cross
 * layers and a deep MLP of {@code hiddenSizes} (with {@code activation} and {@code dropout}); see
 * {@link DcnV2Block}. {@code [B, d] -> [B, 1]} logits.
 */
final class DcnV2Head implements CtrHead {

  private final DcnV2Block.Structure structure;

  DcnV2Head(DcnV2Block.Structure structure) {
    this.structure = structure;
  }

  @Override
  public Block build(int inputDim, HeadOptions options) {
    HeadLayers.checkInputDim(inputDim);
    return new DcnV2Block(structure, new CrossNetwork(inputDim, options.crossLayers()),
        HeadLayers.hiddenLayers(options));
  }
}
