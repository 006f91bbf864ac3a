package dev.bahe.encoders;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The final RMSNorm of a decoder: {@code [B, S, d]} to {@code [B, S, d]}. */
final class DecoderNorm extends AbstractBlock {

  private final Parameter weight;
  private final float eps;

  DecoderNorm(DecoderConfig c, String prefix, ParameterLoader loader) {
    this.eps = c.rmsNormEps();
    weight = addParameter(loader.load("weight", prefix + "norm.weight", Parameter.Type.GAMMA, c.hiddenSize()));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    var x = inputs.head();
    return new NDList(DecoderOps.rmsNorm(x, ps.getValue(weight, x.getDevice(), training), eps));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
