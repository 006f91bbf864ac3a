package dev.bahe.encoders;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.bahe.api.model.TokenizedBatch;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a BERT ONNX model (whole or cut) in ONNX Runtime: feeds {@code input_ids}, {@code attention_mask} and
 * {@code token_type_ids} (zeros) as far as the graph declares them and returns its single output {@code [B, T, d]}
 * row-major. Thread-safe (ONNX Runtime sessions are); owns the session until {@link #close()}.
 */
final class OrtBertRunner implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;

  OrtBertRunner(byte[] model, int threads) {
    this(model, threads, 0);
  }

  /**
   * @param threads intra-op threads, 0 for ONNX Runtime's default (all cores)
   * @param interOpThreads inter-op threads, 0 for ONNX Runtime's default
   */
  OrtBertRunner(byte[] model, int threads, int interOpThreads) {
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (threads > 0) {
        options.setIntraOpNumThreads(threads);
      }
      if (interOpThreads > 0) {
        options.setInterOpNumThreads(interOpThreads);
      }
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(model, options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }

  /** The output for {@code batch}, row-major {@code [batchSize, length, d]}. */
  float[] run(TokenizedBatch batch) {
    long[] shape = {batch.batchSize(), batch.length()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (String name : session.getInputNames()) {
        long[] values = switch (name) {
          case "input_ids" -> batch.ids();
          case "attention_mask" -> batch.mask();
          case "token_type_ids" -> new long[batch.ids().length];
          default -> throw new IllegalArgumentException("unexpected ONNX input '" + name + "'");
        };
        inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        FloatBuffer buf = out.getFloatBuffer();
        float[] values = new float[buf.remaining()];
        buf.get(values);
        return values;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
