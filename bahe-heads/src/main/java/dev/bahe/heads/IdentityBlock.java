package dev.bahe.heads;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Returns its input unchanged; no parameters. Shape inference needs no engine. */
final class IdentityBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  IdentityBlock() {
    super(VERSION);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    return inputs;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
