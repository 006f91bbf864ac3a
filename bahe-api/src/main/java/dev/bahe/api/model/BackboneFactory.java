package dev.bahe.api.model;

import dev.bahe.api.config.BackboneOptions;

/**
 * Loads a {@link LayeredLanguageModel}. Registered by name (e.g. {@code "minilm"}, {@code "bert-onnx"},
 * {@code "llama"}); see {@link dev.bahe.api.registry.Components#backbones}.
 */
public interface BackboneFactory {

  /**
   * Loads the weights named by {@code options}. Missing or corrupt files are errors naming the file and, where
   * known, the tensor. Nothing is downloaded.
   */
  LayeredLanguageModel load(BackboneOptions options);
}
