package dev.bahe.encoders;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import java.nio.charset.StandardCharsets;

/**
 * A small randomly initialised BERT with the real all-MiniLM-L6-v2 tokenizer (vocabulary 30522, 512 learned
 * positions), for fast tests of code that needs a {@link LayeredLanguageModel}. The same seed and sizes give the
 * same weights and the same checksum. Registered as backbone {@code "tiny-bert"} by {@link EncodersModule}.
 */
public final class TinyBert {

  /** Vocabulary of the bundled tokenizer. */
  public static final int VOCAB = 30522;
  /** Learned positions. */
  public static final int MAX_POSITIONS = 512;

  private TinyBert() {}

  /**
   * Creates a random BERT.
   *
   * @param seed weight seed
   * @param layers number of layers {@code L}
   * @param hidden hidden size {@code d}
   * @param heads attention heads (dividing {@code hidden})
   * @param ffn feed-forward size
   * @return a model owning its native memory; close it
   */
  public static LayeredLanguageModel create(long seed, int layers, int hidden, int heads, int ffn) {
    BertConfig config = new BertConfig(layers, hidden, heads, ffn, VOCAB, MAX_POSITIONS, 2, 1e-12f);
    String identity = "tiny-bert;seed=" + seed + ";layers=" + layers + ";hidden=" + hidden + ";heads=" + heads
        + ";ffn=" + ffn;
    String checksum = Checksums.sha256(identity.getBytes(StandardCharsets.UTF_8));
    ModelDescriptor descriptor = new ModelDescriptor("tiny-bert", "bert", layers, hidden, VOCAB, MAX_POSITIONS,
        ModelDescriptor.PositionEncoding.LEARNED_ABSOLUTE, checksum, "random:" + identity);
    HfTokenizer tokenizer = HfTokenizer.open(BundledResources.extract(BundledResources.MINILM_TOKENIZER));
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      return new BertModel(descriptor, config, manager, new RandomBertTensors(seed), tokenizer, null);
    } catch (RuntimeException e) {
      manager.close();
      tokenizer.close();
      throw e;
    }
  }

  /** A 2-layer, hidden 32, 4-head, FFN 64 model. */
  public static LayeredLanguageModel create(long seed) {
    return create(seed, 2, 32, 4, 64);
  }
}
