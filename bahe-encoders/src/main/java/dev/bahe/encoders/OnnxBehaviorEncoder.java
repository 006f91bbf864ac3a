package dev.bahe.encoders;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.Pooling;
import java.util.List;

/**
 * ABE in ONNX Runtime: the model's ONNX graph cut after layer {@code k} (see {@link OnnxGraphCutter}), then the
 * same DJL pooling as the DJL encoder. Thread-safe; owns its ONNX Runtime session until {@link #close()}.
 */
final class OnnxBehaviorEncoder implements BehaviorEncoder {

  private final Pooling pooling;
  private final EncoderIdentity identity;
  private final LengthBatcher batcher;
  private final OrtBertRunner runner;

  OnnxBehaviorEncoder(BertModel model, Pooling pooling, String poolingName, EncoderOptions options) {
    this(model, pooling, poolingName, options, Runtime.getRuntime().availableProcessors(), 0);
  }

  /** As above with explicit ONNX Runtime thread counts (0: ONNX Runtime's default). */
  OnnxBehaviorEncoder(BertModel model, Pooling pooling, String poolingName, EncoderOptions options,
      int intraOpThreads, int interOpThreads) {
    this.pooling = pooling;
    this.identity = EncoderIdentities.of(model, poolingName, options);
    OnnxSource source = model.onnxSource().orElseThrow(() -> new IllegalArgumentException("encoder 'onnx' needs"
        + " a model loaded from an ONNX file; " + model.descriptor().name() + " was not (use encoder 'djl')"));
    OnnxGraph graph = OnnxGraph.parse(source.location(), source.read());
    int layers = model.descriptor().numLayers();
    byte[] cut = OnnxGraphCutter.cut(graph, OnnxGraphCutter.layerOutput(graph, options.splitLayer(), layers));
    this.runner = new OrtBertRunner(cut, intraOpThreads, interOpThreads);
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
    batcher.forEachBatch(texts, (batch, rows) -> {
      float[] hidden = runner.run(batch);
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
        float[] pooled = pooling.pool(m.create(hidden, new Shape(batch.batchSize(), batch.length(), d)),
            batch.maskArray(m)).toFloatArray();
        for (int r = 0; r < rows.length; r++) {
          System.arraycopy(pooled, r * d, out, rows[r] * d, d);
        }
      }
    });
    return out;
  }

  @Override
  public void close() {
    runner.close();
  }
}
