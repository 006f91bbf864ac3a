package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import java.util.List;

/**
 * ABE with the DJL lower part: {@code lower(k)} then pooling, in inference mode with autograd off, batch by batch. Each batch runs
 * in its own sub-manager closed right after, so native memory stays bounded by one batch. Thread-safe. Does not
 * own the model (closing the encoder leaves it open).
 */
final class DjlBehaviorEncoder implements BehaviorEncoder {

  private final LayeredLanguageModel model;
  private final Pooling pooling;
  private final EncoderIdentity identity;
  private final Block lower;
  private final LengthBatcher batcher;

  DjlBehaviorEncoder(LayeredLanguageModel model, Pooling pooling, String poolingName, EncoderOptions options) {
    this.model = model;
    this.pooling = pooling;
    this.lower = model.lower(options.splitLayer());
    this.identity = EncoderIdentities.of(model, poolingName, options);
    this.batcher = new LengthBatcher(model.tokenizer(), options.maxTokens(), options.maxTokensPerBatch());
  }

  @Override
  public EncoderIdentity identity() {
    return identity;
  }

  @Override
  public float[] encode(List<String> texts) {
    int d = identity.dimension();
    float[] out = new float[texts.size() * d];
    // no autograd graph, even when called inside a GradientCollector
    try (InferenceScope inference = model.inference()) {
      batcher.forEachBatch(texts, (batch, rows) -> {
        try (NDManager m = model.manager().newSubManager()) {
          NDArray hidden = lower.forward(new ParameterStore(m, false), batch.toNDList(m), false).head();
          float[] pooled = pooling.pool(hidden, batch.maskArray(m)).toFloatArray();
          for (int r = 0; r < rows.length; r++) {
            System.arraycopy(pooled, r * d, out, rows[r] * d, d);
          }
        }
      });
    }
    return out;
  }

  @Override
  public void close() {
    // the model belongs to the caller
  }
}
