package dev.bahe.encoders;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TokenizedBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bahe doctor} reports about this module: the native engines and their versions, and a parity check
 * of the DJL BERT against ONNX Runtime on the same ONNX weights.
 */
public final class EncoderDiagnostics {

  /** Real sentences of mixed length for {@link #parityMaxAbsDiff(List)}. */
  public static final List<String> SAMPLE_SENTENCES = List.of(
      "bought: wireless noise-cancelling earbuds",
      "searched: matcha latte near me",
      "Hi",
      "The quick brown fox jumps over the lazy dog while the farmer watches from the porch of his house.",
      "clicked: 4K television, 55 inch, with HDR10 and Dolby Vision support",
      "favourited: a paperback copy of 'Pride and Prejudice' by Jane Austen",
      "added to cart: organic oat milk (1 litre), two bags of coffee beans",
      "Star Wars (1977) Action|Adventure|Romance|Sci-Fi|War");

  private EncoderDiagnostics() {}

  /**
   * Versions, in order: {@code djl}, {@code pytorch} (the engine's native library version), {@code onnxruntime},
   * {@code java}. Loads the native engines if they are not loaded yet.
   */
  public static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    v.put("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /**
   * Loads the bundled all-MiniLM-L6-v2 and returns {@link #parityMaxAbsDiff(LayeredLanguageModel, List)} on
   * {@code sentences}. Expect well under 1e-4.
   */
  public static double parityMaxAbsDiff(List<String> sentences) {
    try (LayeredLanguageModel model = Backbones.miniLm()) {
      return parityMaxAbsDiff(model, sentences);
    }
  }

  /**
   * Max absolute difference, over non-padding tokens, between the DJL model's last hidden state and ONNX
   * Runtime's output for the same ONNX file. The model must be a BERT loaded from ONNX ({@code minilm},
   * {@code bert-onnx}).
   */
  public static double parityMaxAbsDiff(LayeredLanguageModel model, List<String> sentences) {
    if (!(model instanceof BertModel bert) || bert.onnxSource().isEmpty()) {
      throw new IllegalArgumentException("parity needs a BERT model loaded from an ONNX file, not "
          + model.descriptor().name());
    }
    int layers = bert.descriptor().numLayers();
    int d = bert.descriptor().hiddenSize();
    TokenizedBatch batch = bert.tokenizer().encode(sentences, 128);
    float[] djl;
    try (NDManager m = bert.manager().newSubManager()) {
      djl = bert.lower(layers).forward(new ParameterStore(m, false), batch.toNDList(m), false).head().toFloatArray();
    }
    float[] ort;
    try (OrtBertRunner runner = new OrtBertRunner(bert.onnxSource().get().read(), 0)) {
      ort = runner.run(batch);
    }
    double max = 0;
    for (int i = 0; i < batch.batchSize(); i++) {
      for (int t = 0; t < batch.lengths()[i]; t++) {
        int base = (i * batch.length() + t) * d;
        for (int j = 0; j < d; j++) {
          max = Math.max(max, Math.abs(djl[base + j] - ort[base + j]));
        }
      }
    }
    return max;
  }
}
