package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.LayeredLanguageModel;
import java.util.List;

/**
 * Opens the ONNX Runtime ABE encoder (encoder {@code "onnx"}) without Guice and with explicit thread counts, for
 * hosts that run several encodings side by side in one JVM: a Spark executor gives each task its own cores, so
 * the session's intra-op pool is the task's core count and the inter-op pool one thread. Gives the same
 * identity and vectors as the Guice-wired encoder of the same configuration.
 */
public final class OnnxEncoders {

  private OnnxEncoders() {}

  /**
   * Loads the backbone ({@code minilm} or {@code bert-onnx}) and opens its encoder; closing the encoder also closes
   * the backbone.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads ({@code >= 1})
   */
  public static BehaviorEncoder open(BackboneOptions backbone, EncoderOptions encoder, int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
    }
    if (!encoder.name().equals("onnx")) {
      throw new IllegalArgumentException("encoder '" + encoder.name() + "' is not the ONNX Runtime encoder 'onnx'");
    }
    LayeredLanguageModel model = switch (backbone.name()) {
      case "minilm" -> new MiniLmBackboneFactory().load(backbone);
      case "bert-onnx" -> new BertOnnxBackboneFactory().load(backbone);
      default -> throw new IllegalArgumentException("encoder 'onnx' runs the BERT backbones loaded from ONNX"
          + " (minilm, bert-onnx), not '" + backbone.name() + "'");
    };
    try {
      BehaviorEncoder inner = new OnnxBehaviorEncoder((BertModel) model, Poolings.byName(encoder.pooling()),
          encoder.pooling(), encoder, intraOpThreads, 1);
      return new Owning(inner, model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** An encoder that closes the backbone it runs on. */
  private record Owning(BehaviorEncoder inner, LayeredLanguageModel model) implements BehaviorEncoder {

    @Override
    public EncoderIdentity identity() {
      return inner.identity();
    }

    @Override
    public float[] encode(List<String> texts) {
      return inner.encode(texts);
    }

    @Override
    public void close() {
      try {
        inner.close();
      } finally {
        model.close();
      }
    }
  }
}
