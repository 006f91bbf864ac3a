package dev.bahe.encoders;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.bahe.api.model.ModelDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a LLaMA / Qwen2 model from a Hugging Face model directory: {@code config.json}, one or more
 * {@code *.safetensors} (F32, F16 or BF16, widened to float32 in Java) and {@code tokenizer.json}.
 */
final class DecoderLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DecoderLoader.class);

  private DecoderLoader() {}

  static DecoderModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("model directory not found: " + dir.toAbsolutePath());
    }
    DecoderConfig config = DecoderConfig.read(dir.resolve("config.json"));
    List<Path> files = Safetensors.filesIn(dir);
    Safetensors tensors = new Safetensors(files);
    String prefix = tensors.contains("model.embed_tokens.weight") ? "model." : "";
    String checksum = Checksums.sha256(files);
    HfTokenizer tokenizer = HfTokenizer.open(dir.resolve("tokenizer.json"));
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      String name = dir.toAbsolutePath().normalize().getFileName().toString();
      ModelDescriptor descriptor = new ModelDescriptor(name, config.architecture(), config.numLayers(),
          config.hiddenSize(), config.vocabSize(), config.maxPositions(), ModelDescriptor.PositionEncoding.ROTARY,
          checksum, dir.toAbsolutePath().toString());
      DecoderModel model = new DecoderModel(descriptor, config, manager, tensors, prefix, tokenizer);
      LOG.info("loaded {} ({}) from {}: {}", name, config.architecture(), dir, config);
      return model;
    } catch (RuntimeException e) {
      manager.close();
      tokenizer.close();
      throw e;
    }
  }
}
