package dev.bahe.encoders;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bahe.api.model.Scalars;

/**
 * One post-LayerNorm BERT layer: self-attention + residual + LayerNorm, GELU (erf) feed-forward + residual +
 * LayerNorm. Input {@code NDList(hidden [B, S, d], bias [B, 1, 1, S])} (additive key bias), output
 * {@code NDList(hidden [B, S, d])}. No dropout.
 */
final class BertLayer extends AbstractBlock {

  private final BertConfig config;
  private final Parameter qW;
  private final Parameter qB;
  private final Parameter kW;
  private final Parameter kB;
  private final Parameter vW;
  private final Parameter vB;
  private final Parameter oW;
  private final Parameter oB;
  private final Parameter ln1G;
  private final Parameter ln1B;
  private final Parameter iW;
  private final Parameter iB;
  private final Parameter o2W;
  private final Parameter o2B;
  private final Parameter ln2G;
  private final Parameter ln2B;

  BertLayer(BertConfig config, int index, ParameterLoader loader) {
    this.config = config;
    int d = config.hiddenSize();
    int f = config.intermediateSize();
    String p = "encoder.layer." + index + ".";
    qW = addParameter(loader.load("queryWeight", p + "attention.self.query.weight", Parameter.Type.WEIGHT, d, d));
    qB = addParameter(loader.load("queryBias", p + "attention.self.query.bias", Parameter.Type.BIAS, d));
    kW = addParameter(loader.load("keyWeight", p + "attention.self.key.weight", Parameter.Type.WEIGHT, d, d));
    kB = addParameter(loader.load("keyBias", p + "attention.self.key.bias", Parameter.Type.BIAS, d));
    vW = addParameter(loader.load("valueWeight", p + "attention.self.value.weight", Parameter.Type.WEIGHT, d, d));
    vB = addParameter(loader.load("valueBias", p + "attention.self.value.bias", Parameter.Type.BIAS, d));
    oW = addParameter(loader.load("attnOutWeight", p + "attention.output.dense.weight", Parameter.Type.WEIGHT, d, d));
    oB = addParameter(loader.load("attnOutBias", p + "attention.output.dense.bias", Parameter.Type.BIAS, d));
    ln1G = addParameter(loader.load("attnLnGamma", p + "attention.output.LayerNorm.weight", Parameter.Type.GAMMA, d));
    ln1B = addParameter(loader.load("attnLnBeta", p + "attention.output.LayerNorm.bias", Parameter.Type.BETA, d));
    iW = addParameter(loader.load("ffnInWeight", p + "intermediate.dense.weight", Parameter.Type.WEIGHT, f, d));
    iB = addParameter(loader.load("ffnInBias", p + "intermediate.dense.bias", Parameter.Type.BIAS, f));
    o2W = addParameter(loader.load("ffnOutWeight", p + "output.dense.weight", Parameter.Type.WEIGHT, d, f));
    o2B = addParameter(loader.load("ffnOutBias", p + "output.dense.bias", Parameter.Type.BIAS, d));
    ln2G = addParameter(loader.load("outLnGamma", p + "output.LayerNorm.weight", Parameter.Type.GAMMA, d));
    ln2B = addParameter(loader.load("outLnBeta", p + "output.LayerNorm.bias", Parameter.Type.BETA, d));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = inputs.get(1);
    Device dev = x.getDevice();
    long b = x.getShape().get(0);
    long s = x.getShape().get(1);
    int h = config.numHeads();
    int dh = config.headDim();
    int d = config.hiddenSize();

    NDArray q = heads(Linear.linear(x, ps.getValue(qW, dev, training), ps.getValue(qB, dev, training)).head(), b, s);
    NDArray k = heads(Linear.linear(x, ps.getValue(kW, dev, training), ps.getValue(kB, dev, training)).head(), b, s);
    NDArray v = heads(Linear.linear(x, ps.getValue(vW, dev, training), ps.getValue(vB, dev, training)).head(), b, s);
    NDArray scores = Scalars.div(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(dh)).add(bias);
    NDArray ctx = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, s, (long) h * dh);
    NDArray attn = Linear.linear(ctx, ps.getValue(oW, dev, training), ps.getValue(oB, dev, training)).head();
    NDArray a = LayerNorm.layerNorm(attn.add(x), new Shape(d), ps.getValue(ln1G, dev, training),
        ps.getValue(ln1B, dev, training), config.layerNormEps()).head();
    NDArray inter = Activation.gelu(
        Linear.linear(a, ps.getValue(iW, dev, training), ps.getValue(iB, dev, training)).head());
    NDArray out = Linear.linear(inter, ps.getValue(o2W, dev, training), ps.getValue(o2B, dev, training)).head();
    NDArray y = LayerNorm.layerNorm(out.add(a), new Shape(d), ps.getValue(ln2G, dev, training),
        ps.getValue(ln2B, dev, training), config.layerNormEps()).head();
    return new NDList(y);
  }

  private NDArray heads(NDArray x, long b, long s) {
    return x.reshape(b, s, config.numHeads(), config.headDim()).transpose(0, 2, 1, 3);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
