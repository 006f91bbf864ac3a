package dev.bahe.encoders;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bahe.api.model.Scalars;

/**
 * One pre-RMSNorm LLaMA / Qwen2 layer: grouped-query self-attention with rotary positions (optional q/k/v bias),
 * then a SwiGLU MLP, each with a residual. Input {@code NDList(hidden [B, S, d], bias [B, 1, S, S], cos, sin
 * [B, 1, S, headDim])}, output {@code NDList(hidden [B, S, d])}.
 */
final class DecoderLayer extends AbstractBlock {

  private final DecoderConfig c;
  private final Parameter ln1;
  private final Parameter ln2;
  private final Parameter qW;
  private final Parameter kW;
  private final Parameter vW;
  private final Parameter oW;
  private final Parameter qB;
  private final Parameter kB;
  private final Parameter vB;
  private final Parameter gate;
  private final Parameter up;
  private final Parameter down;

  DecoderLayer(DecoderConfig c, String prefix, int index, ParameterLoader loader) {
    this.c = c;
    String p = prefix + "layers." + index + ".";
    int d = c.hiddenSize();
    int q = c.numHeads() * c.headDim();
    int kv = c.numKvHeads() * c.headDim();
    int f = c.intermediateSize();
    ln1 = addParameter(loader.load("inputNorm", p + "input_layernorm.weight", Parameter.Type.GAMMA, d));
    ln2 = addParameter(loader.load("postAttnNorm", p + "post_attention_layernorm.weight", Parameter.Type.GAMMA, d));
    qW = addParameter(loader.load("qWeight", p + "self_attn.q_proj.weight", Parameter.Type.WEIGHT, q, d));
    kW = addParameter(loader.load("kWeight", p + "self_attn.k_proj.weight", Parameter.Type.WEIGHT, kv, d));
    vW = addParameter(loader.load("vWeight", p + "self_attn.v_proj.weight", Parameter.Type.WEIGHT, kv, d));
    oW = addParameter(loader.load("oWeight", p + "self_attn.o_proj.weight", Parameter.Type.WEIGHT, d, q));
    if (c.qkvBias()) {
      qB = addParameter(loader.load("qBias", p + "self_attn.q_proj.bias", Parameter.Type.BIAS, q));
      kB = addParameter(loader.load("kBias", p + "self_attn.k_proj.bias", Parameter.Type.BIAS, kv));
      vB = addParameter(loader.load("vBias", p + "self_attn.v_proj.bias", Parameter.Type.BIAS, kv));
    } else {
      qB = null;
      kB = null;
      vB = null;
    }
    gate = addParameter(loader.load("gateWeight", p + "mlp.gate_proj.weight", Parameter.Type.WEIGHT, f, d));
    up = addParameter(loader.load("upWeight", p + "mlp.up_proj.weight", Parameter.Type.WEIGHT, f, d));
    down = addParameter(loader.load("downWeight", p + "mlp.down_proj.weight", Parameter.Type.WEIGHT, d, f));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = inputs.get(1);
    NDArray cos = inputs.get(2);
    NDArray sin = inputs.get(3);
    Device dev = x.getDevice();
    long b = x.getShape().get(0);
    long s = x.getShape().get(1);
    int h = c.numHeads();
    int kvh = c.numKvHeads();
    int dh = c.headDim();

    NDArray hn = DecoderOps.rmsNorm(x, ps.getValue(ln1, dev, training), c.rmsNormEps());
    NDArray q = project(ps, hn, qW, qB, dev, training).reshape(b, s, h, dh).transpose(0, 2, 1, 3);
    NDArray k = project(ps, hn, kW, kB, dev, training).reshape(b, s, kvh, dh).transpose(0, 2, 1, 3);
    NDArray v = project(ps, hn, vW, vB, dev, training).reshape(b, s, kvh, dh).transpose(0, 2, 1, 3);
    q = DecoderOps.applyRotary(q, cos, sin);
    k = DecoderOps.applyRotary(k, cos, sin);
    if (kvh != h) {
      int g = h / kvh;
      k = k.expandDims(2).repeat(2, g).reshape(b, h, s, dh);
      v = v.expandDims(2).repeat(2, g).reshape(b, h, s, dh);
    }
    NDArray scores = Scalars.div(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(dh)).add(bias);
    NDArray ctx = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, s, (long) h * dh);
    x = x.add(Linear.linear(ctx, ps.getValue(oW, dev, training)).head());

    NDArray hn2 = DecoderOps.rmsNorm(x, ps.getValue(ln2, dev, training), c.rmsNormEps());
    NDArray g = Linear.linear(hn2, ps.getValue(gate, dev, training)).head();
    NDArray u = Linear.linear(hn2, ps.getValue(up, dev, training)).head();
    NDArray mlp = Linear.linear(g.mul(Activation.sigmoid(g)).mul(u), ps.getValue(down, dev, training)).head();
    return new NDList(x.add(mlp));
  }

  private static NDArray project(ParameterStore ps, NDArray x, Parameter w, Parameter bias, Device dev,
      boolean training) {
    return bias == null
        ? Linear.linear(x, ps.getValue(w, dev, training)).head()
        : Linear.linear(x, ps.getValue(w, dev, training), ps.getValue(bias, dev, training)).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
