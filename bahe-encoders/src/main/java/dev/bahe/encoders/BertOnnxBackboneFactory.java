package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import java.nio.file.Path;

/**
 * Backbone {@code "bert-onnx"}: a BERT-family ONNX export at {@code path}, a file or directory (see
 * {@link Backbones#bertOnnx}) or {@code classpath:<resource>.onnx} (see {@link Backbones#bertOnnxResource}).
 */
final class BertOnnxBackboneFactory implements BackboneFactory {

  private static final String CLASSPATH = "classpath:";

  @Override
  public LayeredLanguageModel load(BackboneOptions options) {
    if (options.path().isEmpty()) {
      throw new IllegalArgumentException("backbone 'bert-onnx' needs backbone.path: an .onnx file or a directory");
    }
    String path = options.path();
    LayeredLanguageModel model = path.startsWith(CLASSPATH)
        ? Backbones.bertOnnxResource(path.substring(CLASSPATH.length()))
        : Backbones.bertOnnx(Path.of(path));
    return BackboneChecks.withSplit(model, options);
  }
}
