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

  /**
   * Grows the learned absolute position table to {@code maxPositions} rows so that sequences longer than the
   * pretrained table can run through the model (Longformer's recipe, Beltagy et al. 2020): the existing rows
   * {@code [0, P)} are kept unchanged and each new row {@code i} in {@code [P, maxPositions)} starts as a copy of
   * row {@code i mod P}; the whole table stays one trainable parameter, so the new rows train with the model.
   * Because rows {@code [0, P)} do not change, every output on at most {@code P} tokens, stored lower-layer
   * vectors and positions taken from {@link #positionEmbeddings()} are unaffected. Afterwards
   * {@link #descriptor()} reports the new {@code maxPositions}; a call with {@code maxPositions} not above the
   * current size does nothing.
   *
   * <p>Call it before building trainers or parameter stores over the model: a parameter store that already
   * cached the old table keeps using it. Rotary models have no table and accept the call as a no-op within
   * their supported length. Not thread-safe with concurrent forward passes.
   *
   * @throws UnsupportedOperationException if this model cannot extend its positions (the default)
   */
  default void extendPositions(int maxPositions) {
    throw new UnsupportedOperationException("backbone " + descriptor().name() + " cannot extend its "
        + descriptor().maxPositions() + " positions to " + maxPositions);
  }

  /**
   * Turns gradient recording off on the calling thread until the returned scope is closed. Engines such as
   * PyTorch record an autograd graph for every operation on trainable parameters unless told otherwise; a
   * forward pass that only predicts (evaluation, serving, frozen encoding) runs inside this scope so that it
   * keeps no graph.
   */
  InferenceScope inference();

  /** The manager owning the parameters. */
  NDManager manager();

  /** Frees the parameters' native memory. */
  @Override
  void close();
}
