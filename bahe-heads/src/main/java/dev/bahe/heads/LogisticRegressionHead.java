package dev.bahe.heads;

import ai.djl.nn.Block;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import jakarta.inject.Inject;

/**
 * {@code "lr"}: logistic regression, one {@code Linear(1)}: logit {@code = w·x + b}, {@code [B, d] -> [B, 1]}.
 * Ignores every option but the name; it has no dropout.
 */
final class LogisticRegressionHead implements CtrHead {

  @Inject
  LogisticRegressionHead() {}

  @Override
  public Block build(int inputDim, HeadOptions options) {
    HeadLayers.checkInputDim(inputDim);
    return HeadLayers.logit();
  }
}
