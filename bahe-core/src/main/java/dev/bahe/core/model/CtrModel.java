package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.InferenceScope;
import java.util.List;
import java.util.Optional;

/**
 * A trainable click model over impressions: one of the four {@link Variant}s, or the ID-only DNN baseline.
 * The trainer, evaluator, exporter and checkpoints work on this type only, so every model shares them.
 *
 * <p>{@link #features} turns a batch of impressions into the block's input (point-in-time histories, store
 * gathers, token ids ...); {@link #block()} maps that input to click logits {@code [B, 1]}. The model owns its
 * parameters' native memory until {@link #close()}.
 */
public interface CtrModel extends AutoCloseable {

  /** Short name for logs and reports, e.g. {@code "bahe"}. */
  String name();

  /** The root block: {@code forward(features) -> logits [B, 1]}; initialised and ready to train. */
  Block block();

  /**
   * Builds the block input for {@code batch} on {@code manager}. Uses only behaviours strictly before each
   * impression's time. May run frozen computations (store gathers, frozen lower layers) without gradient.
   */
  NDList features(List<Impression> batch, NDManager manager);

  /**
   * Whether the parameter named {@code parameterName} (as listed by {@code block().getParameters()}) belongs to
   * the pretrained backbone, which learns at the backbone learning rate; all others learn at the head rate.
   */
  boolean isBackboneParameter(String parameterName);

  /**
   * Turns gradient recording off on the calling thread until the scope closes: evaluation, export and serving
   * run their forward passes inside it so that no autograd graph is kept.
   */
  InferenceScope inference();

  /**
   * The learned representations of a batch in inference mode: {@code NDList(Q_u [B, N·d̂], Q_i [B, d̂])}, or empty
   * for a model without text representations.
   */
  default Optional<NDList> representations(List<Impression> batch, NDManager manager) {
    return Optional.empty();
  }

  /**
   * {@code Q_u [B, N·d̂]} of a batch alone, in inference mode, when the model computes it from each impression's
   * user and time only (never its item): equal, up to float rounding, to {@code representations(batch)}'s first
   * array, without the item pass. Impressions of one user at one time then share one {@code Q_u}, which the
   * exporter computes once. Empty (the default) for a model whose {@code Q_u} is not such a function.
   */
  default Optional<NDArray> userRepresentations(List<Impression> batch, NDManager manager) {
    return Optional.empty();
  }

  /**
   * Logits {@code [B]} of a batch in inference mode, computed factored: the user half of the model once per
   * distinct (user, time) of the batch, the item half once per distinct item, the head once per impression; equal
   * up to float rounding to {@code block().forward(features(batch))}. Evaluation gives it large batches so that
   * impressions sharing a user's time or an item share their passes. Empty (the default) for a model whose score
   * does not factor so.
   *
   * @param passSize most users or items per encoder pass (the activation memory of one pass)
   */
  default Optional<float[]> factoredLogits(List<Impression> batch, int passSize, NDManager manager) {
    return Optional.empty();
  }

  @Override
  void close();
}
