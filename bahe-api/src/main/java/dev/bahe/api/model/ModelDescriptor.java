package dev.bahe.api.model;

import java.util.Objects;

/**
 * What a layered language model is: enough to identify its weights and to size the layers around it.
 *
 * @param name model name, e.g. {@code "all-MiniLM-L6-v2"}
 * @param architecture architecture family, e.g. {@code "bert"}, {@code "llama"}, {@code "qwen2"}
 * @param numLayers number of transformer layers {@code L}
 * @param hiddenSize hidden size {@code d}
 * @param vocabSize tokenizer vocabulary size
 * @param maxPositions longest sequence the position encoding supports
 * @param positions how positions are encoded
 * @param weightsChecksum hex SHA-256 of the weight file(s): vectors from different weights never mix
 * @param source where the weights came from (a file path or {@code classpath:} resource), for provenance
 */
public record ModelDescriptor(
    String name,
    String architecture,
    int numLayers,
    int hiddenSize,
    int vocabSize,
    int maxPositions,
    PositionEncoding positions,
    String weightsChecksum,
    String source) {

  public ModelDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(positions, "positions");
    Objects.requireNonNull(weightsChecksum, "weightsChecksum");
    Objects.requireNonNull(source, "source");
    if (numLayers <= 0 || hiddenSize <= 0) {
      throw new IllegalArgumentException("numLayers and hiddenSize must be positive");
    }
  }

  /** How a model encodes token positions. */
  public enum PositionEncoding {
    /** A learned table added to the token embeddings (BERT family). */
    LEARNED_ABSOLUTE,
    /** Rotary embeddings applied inside every attention layer (LLaMA / Qwen2 family). */
    ROTARY
  }
}
