package dev.bahe.encoders;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import java.nio.file.Path;

/** Backbone {@code "bert-onnx"}: a BERT-family ONNX export at {@code path} (see {@link Backbones#bertOnnx}). */
final class BertOnnxBackboneFactory implements BackboneFactory {

  @Override
  public LayeredLanguageModel load(BackboneOptions options) {
    if (options.path().isEmpty()) {
      throw new IllegalArgumentException("backbone 'bert-onnx' needs backbone.path: an .onnx file or a directory");
    }
    return BackboneChecks.withSplit(Backbones.bertOnnx(Path.of(options.path())), options);
  }
}
