package dev.bahe.heads;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import jakarta.inject.Inject;

/**
 * {@code "dnn"}: the MLP head of the BAHE paper. {@code [B, d]} through {@code Linear(h_i) → activation →
 * dropout} for each hidden size, then {@code Linear(1)} to a logit {@code [B, 1]}. Uses
 * {@code hiddenSizes}, {@code activation} and {@code dropout}; with no hidden sizes it is logistic regression.
 */
final class DnnHead implements CtrHead {

  @Inject
  DnnHead() {}

  @Override
  public Block build(int inputDim, HeadOptions options) {
    HeadLayers.checkInputDim(inputDim);
    SequentialBlock mlp = HeadLayers.hiddenLayers(options);
    mlp.add(HeadLayers.logit());
    return mlp;
  }
}
