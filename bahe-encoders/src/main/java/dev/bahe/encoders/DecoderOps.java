package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/** RMSNorm, rotary embeddings and the causal mask of the LLaMA / Qwen2 family, as DJL ops. */
final class DecoderOps {

  private DecoderOps() {}

  /** {@code x / sqrt(mean(x²) + eps) * weight} over the last axis. */
  static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
    return x.div(x.mul(x).mean(new int[] {-1}, true).add(eps).sqrt()).mul(weight);
  }

  /**
   * Rotary tables for {@code positions int64 [B, S]}: {@code cos} and {@code sin}, each {@code [B, 1, S, headDim]}
   * (Hugging Face layout: the frequencies repeated twice along the last axis).
   */
  static NDArray[] rotary(NDArray positions, int headDim, double theta) {
    NDManager m = positions.getManager();
    float[] inv = new float[headDim / 2];
    for (int i = 0; i < inv.length; i++) {
      inv[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
    }
    NDArray freqs = positions.toType(DataType.FLOAT32, false).expandDims(2).mul(m.create(inv).reshape(1, 1, -1));
    NDArray emb = freqs.concat(freqs, -1).expandDims(1);
    return new NDArray[] {emb.cos(), emb.sin()};
  }

  /** {@code x * cos + rotate_half(x) * sin} with {@code rotate_half(x) = [-x2, x1]}. */
  static NDArray applyRotary(NDArray x, NDArray cos, NDArray sin) {
    long half = x.getShape().get(x.getShape().dimension() - 1) / 2;
    NDArray x1 = x.get(new NDIndex("..., :{}", half));
    NDArray x2 = x.get(new NDIndex("..., {}:", half));
    return x.mul(cos).add(x2.neg().concat(x1, -1).mul(sin));
  }

  /**
   * Additive bias {@code [B, 1, S, S]}: 0 where query {@code i} may see key {@code j} ({@code j <= i} and key
   * {@code j} is a token), a large negative number elsewhere.
   */
  static NDArray causalBias(NDArray mask) {
    NDManager m = mask.getManager();
    long b = mask.getShape().get(0);
    long s = mask.getShape().get(1);
    NDArray idx = m.arange(0, (int) s, 1, DataType.INT64);
    NDArray causal = idx.reshape(s, 1).gte(idx.reshape(1, s)).reshape(1, s, s);
    NDArray keys = mask.neq(0).reshape(b, 1, s);
    NDArray allowed = causal.logicalAnd(keys).toType(DataType.FLOAT32, false);
    return allowed.sub(1f).mul(Float.MAX_VALUE).reshape(b, 1, s, s);
  }
}
