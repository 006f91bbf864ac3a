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
 * A BERT-family encoder written with DJL ops, layers explicit so that it splits at any layer. Owns its
 * parameters' native memory (its own manager) and its tokenizer.
 */
final class BertModel implements LayeredLanguageModel {

  private volatile ModelDescriptor descriptor;
  private final BertConfig config;
  private final NDManager manager;
  private final HfTokenizer tokenizer;
  private final BertEmbedding embedding;
  private final List<BertLayer> layers;
  private final Block[] lowers;
  private final Block[] uppers;
  private final OnnxSource onnxSource;

  /**
   * Builds the model from named tensors. {@code manager} becomes owned by the model. {@code onnxSource} is the
   * ONNX file the weights came from, if any (the ONNX Runtime encoder needs it).
   */
  BertModel(ModelDescriptor descriptor, BertConfig config, NDManager manager, NamedTensors tensors,
      HfTokenizer tokenizer, OnnxSource onnxSource) {
    this.descriptor = descriptor;
    this.config = config;
    this.manager = manager;
    this.tokenizer = tokenizer;
    this.onnxSource = onnxSource;
    ParameterLoader loader = new ParameterLoader(manager, tensors);
    this.embedding = new BertEmbedding(config, loader);
    List<BertLayer> list = new ArrayList<>();
    for (int i = 0; i < config.numLayers(); i++) {
      list.add(new BertLayer(config, i, loader));
    }
    this.layers = List.copyOf(list);
    this.lowers = new Block[config.numLayers() + 1];
    this.uppers = new Block[config.numLayers() + 1];
  }

  BertConfig config() {
    return config;
  }

  Optional<OnnxSource> onnxSource() {
    return Optional.ofNullable(onnxSource);
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
      lowers[k] = new BertStack(embedding, layers.subList(0, k), 0, config.hiddenSize());
    }
    return lowers[k];
  }

  @Override
  public synchronized Block upper(int k) {
    SplitLayers.check(k, config.numLayers(), descriptor.name());
    if (uppers[k] == null) {
      uppers[k] = new BertStack(null, layers.subList(k, config.numLayers()), k, config.hiddenSize());
    }
    return uppers[k];
  }

  @Override
  public Optional<NDArray> positionEmbeddings() {
    return Optional.of(embedding.positionParameter().getArray());
  }

  /**
   * Grows the learned position table (rows {@code i >= P} copied from row {@code i mod P}); rows {@code [0, P)}
   * and the parameter object are kept, so views, checkpoints and store vectors stay valid.
   */
  @Override
  public synchronized void extendPositions(int maxPositions) {
    if (maxPositions <= embedding.positionRows()) {
      return;
    }
    embedding.extendPositions(maxPositions);
    ModelDescriptor d = descriptor;
    descriptor = new ModelDescriptor(d.name(), d.architecture(), d.numLayers(), d.hiddenSize(), d.vocabSize(),
        maxPositions, d.positions(), d.weightsChecksum(), d.source());
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
