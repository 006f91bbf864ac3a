package dev.bahe.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Optional;

/**
 * A pretrained transformer of {@code L} layers that can be split at any layer {@code k} in {@code 0..L}: the
 * backbone of BAHE.
 *
 * <p>{@code lower(k)} is the token embedding plus layers {@code [0, k)}; {@code upper(k)} is layers
 * {@code [k, L)}. For every {@code k}, {@code upper(k)(lower(k)(x))} equals the whole model on {@code x}. All
 * blocks returned share the model's parameters (they are views over the same layers, not copies), so
 * freezing {@code lower(k)} with {@link Block#freezeParameters(boolean)} and training {@code upper(k)} is how
 * BAHE trains.
 *
 * <p>Block inputs and outputs:
 *
 * <ul>
 *   <li>{@code lower(k)}: {@code NDList(ids int64 [B, T], mask int64 [B, T])} to {@code NDList(hidden
 *       float32 [B, T, d])}; mask is 1 for tokens, 0 for padding.
 *   <li>{@code upper(k)}: {@code NDList(hidden float32 [B, S, d], mask int64 [B, S])}, optionally followed by
 *       {@code positions int64 [B, S]} (rotary models: the position id of each input row; defaults to
 *       {@code 0..S-1}; ignored by learned-position models, whose positions were added by the embedding), to
 *       {@code NDList(hidden float32 [B, S, d])}. Padded rows of the output are unspecified.
 * </ul>
 *
 * <p>The model owns its parameters' native memory through {@link #manager()}; {@link #close()} frees it.
 * Forward passes are thread-safe only with separate {@code ParameterStore}s.
 */
public interface LayeredLanguageModel extends AutoCloseable {

  ModelDescriptor descriptor();

  /** The tokenizer this model was trained with. */
  TextTokenizer tokenizer();

  /** Token embeddings and layers {@code [0, k)}; {@code k} outside {@code 0..L} is an error naming the range. */
  Block lower(int k);

  /** Layers {@code [k, L)} applied to given input embeddings; {@code k} outside {@code 0..L} is an error. */
  Block upper(int k);

  /**
   * The learned absolute position table {@code [maxPositions, d]} of the embedding layer, for models with
   * {@link ModelDescriptor.PositionEncoding#LEARNED_ABSOLUTE} positions; empty for rotary models. BAHE uses it
   * to initialise the per-behaviour positions of the upper layers' input.
   */
  Optional<NDArray> positionEmbeddings();

  /** The manager owning the parameters. */
  NDManager manager();

  /** Frees the parameters' native memory. */
  @Override
  void close();
}
