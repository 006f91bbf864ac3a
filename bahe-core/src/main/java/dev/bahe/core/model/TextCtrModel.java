package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.util.List;

/**
 * A click model over behaviour and item text: one of the four {@link Variant}s, built by {@link ModelAssembly}.
 *
 * <p>Block input ({@link #features}, {@link #sampleFeatures}), six or seven arrays, with {@code R = B·S} user rows
 * ({@code S = 1} for LLM-CTR, {@code S = N} otherwise, row {@code sample·S + type}):
 *
 * <ol>
 *   <li>user input: token ids {@code int64 [R, L]} (LLM-CTR, FP) or input embeddings {@code float32 [R, L, d]}
 *       (ABE: lower-layer token states; BAHE: store vectors, {@code L = M})
 *   <li>user attention mask {@code int64 [R, L]}
 *   <li>user pooling mask {@code int64 [R, L]}: the real positions; all zero for a sequence without behaviour,
 *       which pools to zeros
 *   <li>item input: ids {@code [B, Li]} or embeddings {@code [B, Li, d]} (token states; BAHE with a pooled item:
 *       its store vector, {@code Li = 1})
 *   <li>item attention mask, 6. item pooling mask
 *   <li>(when {@code sequence.typeShares} is not {@code none}) the user's per-type behaviour shares
 *       {@code float32 [B, N]} of {@link TypeShareFeatures}, read by the logit's share term only
 *   <li>(BAHE with {@code sequence.historySummary: mean}) the user's history summary {@code float32 [B·N, d]} of
 *       {@link HistorySummaryFeatures}
 * </ol>
 *
 * <p>Output logits {@code [B, 1]}. {@link #representations} gives {@code Q_u [B, U·d̂]} ({@code U} =
 * {@link #userSequences}) and {@code Q_i [B, d̂]}.
 */
public interface TextCtrModel extends CtrModel {

  Variant variant();

  /** The behaviour types, in the order of the per-type sequences. */
  List<BehaviorType> types();

  /** The point-in-time selection every variant uses. */
  BehaviorSelector selector();

  /**
   * Reduced vectors per sample in {@code Q_u}: the sequences {@code S} (1 for LLM-CTR, {@code N} otherwise), plus
   * {@code N} summary rows with {@code sequence.historySummary: mean}.
   */
  int userSequences();

  /** {@code d̂}, the reduced size of one sequence's and of the item's representation. */
  int reducedDim();

  /** The block input for arbitrary samples (serving, export); {@link #features} is this for impressions. */
  NDList sampleFeatures(List<Sample> samples, NDManager manager);

  /** {@code NDList(Q_u, Q_i)} of samples, in inference mode. */
  NDList sampleRepresentations(List<Sample> samples, NDManager manager);

  /**
   * The user side of one user at {@code time}, computed once however many candidates it is scored against
   * (serving): {@code NDList(Q_u [1, S·d̂])}, plus the per-type behaviour shares {@code [1, N]} when the logit has
   * a share term. In inference mode; pass it to {@link #userLogits}. Runs the user half of the network only
   * (equal to the {@code Q_u} of {@link #sampleRepresentations} up to float rounding).
   */
  NDList userRepresentation(UserHistory history, long time, NDManager manager);

  /** {@code Q_i [B, d̂]} of items, independent of any user (serving caches them), in inference mode. */
  NDArray itemRepresentations(List<Item> items, NDManager manager);

  /**
   * Logits {@code [B, 1]} of one user's {@link #userRepresentation} against {@code B} item representations
   * {@code [B, d̂]}: the same head as {@link #block()}, so equal to the block's logits on the samples up to
   * float rounding.
   */
  NDArray userLogits(NDList user, NDArray itemRepresentations, NDManager manager);

  /**
   * Texts the frozen lower part has encoded through this model since it was built: on-the-fly store
   * back-fills and, with {@code sequence.itemEncoding: tokens}, item titles (BAHE), or token-state cache fills
   * (ABE); each distinct text at most once. Always 0 for LLM-CTR and FP.
   */
  long lowerPartEncodings();

  /**
   * The upper layers as the alignment before click training fits them ({@link
   * dev.bahe.core.config.AlignmentOptions}); present for BAHE, whose upper layers read pooled store vectors.
   */
  default java.util.Optional<AlignableUpperLayers> alignableUpperLayers() {
    return java.util.Optional.empty();
  }

  /** The manager owning this model's own parameters (reducer, head, position table); parent of scratch work. */
  NDManager manager();
}
