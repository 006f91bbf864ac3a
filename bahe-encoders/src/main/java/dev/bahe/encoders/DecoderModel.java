package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import dev.bahe.api.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A LLaMA / Qwen2 decoder written with DJL ops, split at any layer. {@code upper(k)} ends with the final RMSNorm,
 * so {@code upper(k)(lower(k)(x))} is the Hugging Face {@code last_hidden_state}. Owns its parameters' native
 * memory and its tokenizer.
 */
final class DecoderModel implements LayeredLanguageModel {

  private final ModelDescriptor descriptor;
  private final DecoderConfig config;
  private final NDManager manager;
  private final HfTokenizer tokenizer;
  private final DecoderEmbedding embedding;
  private final List<DecoderLayer> layers;
  private final DecoderNorm norm;
  private final Block[] lowers;
  private final Block[] uppers;

  DecoderModel(ModelDescriptor descriptor, DecoderConfig config, NDManager manager, NamedTensors tensors,
      String prefix, HfTokenizer tokenizer) {
    this.descriptor = descriptor;
    this.config = config;
    this.manager = manager;
    this.tokenizer = tokenizer;
    ParameterLoader loader = new ParameterLoader(manager, tensors);
    this.embedding = new DecoderEmbedding(config, prefix, loader);
    List<DecoderLayer> list = new ArrayList<>();
    for (int i = 0; i < config.numLayers(); i++) {
      list.add(new DecoderLayer(config, prefix, i, loader));
    }
    this.layers = List.copyOf(list);
    this.norm = new DecoderNorm(config, prefix, loader);
    this.lowers = new Block[config.numLayers() + 1];
    this.uppers = new Block[config.numLayers() + 1];
  }

  DecoderConfig config() {
    return config;
  }

  @Override
  public ModelDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public synchronized Block lower(int k) {
    SplitLayers.check(k, config.numLayers(), descriptor.name());
    if (lowers[k] == null) {
      lowers[k] = new DecoderStack(config, embedding, layers.subList(0, k), 0, null);
    }
    return lowers[k];
  }

  @Override
  public synchronized Block upper(int k) {
    SplitLayers.check(k, config.numLayers(), descriptor.name());
    if (uppers[k] == null) {
      uppers[k] = new DecoderStack(config, null, layers.subList(k, config.numLayers()), k, norm);
    }
    return uppers[k];
  }

  @Override
  public Optional<NDArray> positionEmbeddings() {
    return Optional.empty();
  }

  /**
   * Rotary positions have no table to grow: a no-op up to the configured {@code maxPositions}; beyond it the
   * call is refused, since the layers refuse longer sequences.
   */
  @Override
  public void extendPositions(int maxPositions) {
    if (maxPositions > config.maxPositions()) {
      throw new UnsupportedOperationException("rotary backbone " + descriptor().name() + " supports "
          + config.maxPositions() + " positions; it has no table to extend to " + maxPositions);
    }
  }

  @Override
  public InferenceScope inference() {
    return GradientRecording.off();
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
    tokenizer.close();
  }
}
