package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.PairList;
import dev.bahe.core.config.HeadInteractions;

/**
 * The root block shared by all variants: a variant-specific sequence encoder ({@code LLM → F_p}), then the
 * shared reducer {@code F_d} applied to every user sequence and to the item, then the head {@code F_θ} on
 * {@code Q_u ⊕ Q_i}.
 *
 * <p>Input: the feature list of {@link TextCtrModel}: six arrays (seven for a merged BAHE user sequence, whose
 * seventh is its type one-hot), then the user's per-type behaviour shares
 * {@code [B, W]} when {@code sequence.typeShares} is not {@code none}, then the user's history summary
 * {@code [B·N, d]} when {@code sequence.historySummary} is {@code mean} (BAHE). The encoder gives
 * {@code user [B·S, d]} and {@code item [B, d]} ({@code S} sequences per sample: 1 for LLM-CTR and a merged BAHE
 * sequence, {@code N} otherwise); the reducer maps both to {@code d̂} in one call; a summary has its own reducer of the same kind, as
 * its vectors are lower-layer states, not upper-layer outputs. {@code Q_u = reshape(user, [B, S·d̂])} (with the
 * summary, {@code ⊕ reshape(summary, [B, N·d̂])}), {@code Q_i [B, d̂]}; the head reads {@code Q_u ⊕ Q_i} (with
 * {@code sequence.interactions: product}, {@code ⊕ Q̃_u,r ⊙ Q̃_i} of the standardised vectors, for each of the {@code R}
 * reduced user vectors), and a
 * share term {@code shares · w} ({@code w [W, 1]}, zero at initialisation, so an untrained network is the paper's)
 * is added to its logit; output logits {@code [B, 1]}.
 */
final class CtrNetwork extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block encoder;
  private final Block reducer;
  private final Block head;
  private final int slots;
  private final int hidden;
  private final int reducedDim;
  private final int shareWidth;
  private final Parameter shareWeights;
  private final Block summaryReducer;
  private final int summaryRows;
  private final HeadInteractions interactions;
  private final Block userNorm;
  private final Block itemNorm;
  private final int encoderInputs;

  /** A network without a history summary. */
  CtrNetwork(Block encoder, Block reducer, Block head, int slots, int hidden, int reducedDim, int shareWidth) {
    this(encoder, reducer, head, slots, hidden, reducedDim, shareWidth, null, 0, HeadInteractions.NONE, 6);
  }

  /**
   * @param shareWidth {@code W}, the width of the share array (input 7), or 0 for no share term
   * @param summaryReducer the reducer of the history summary (last input), or null for none
   * @param summaryRows {@code N}, the summary rows per sample (0 without a summary)
   * @param interactions whether the head also reads {@code Q_u,r ⊙ Q_i} for every reduced user vector {@code r}
   * @param encoderInputs the encoder's inputs at the head of the list: 6, or 7 with a merged sequence's type
   *     one-hot; the shares and the summary follow them
   */
  CtrNetwork(Block encoder, Block reducer, Block head, int slots, int hidden, int reducedDim, int shareWidth,
      Block summaryReducer, int summaryRows, HeadInteractions interactions, int encoderInputs) {
    super(VERSION);
    this.encoderInputs = encoderInputs;
    if ((summaryReducer == null) != (summaryRows == 0)) {
      throw new IllegalArgumentException("a history summary needs its reducer and at least one row per sample");
    }
    this.encoder = addChildBlock("encoder", encoder);
    this.reducer = addChildBlock("reducer", reducer);
    this.head = addChildBlock("head", head);
    this.summaryReducer = summaryReducer == null ? null : addChildBlock("summaryReducer", summaryReducer);
    this.summaryRows = summaryRows;
    this.interactions = java.util.Objects.requireNonNull(interactions, "interactions");
    boolean products = interactions != HeadInteractions.NONE;
    this.userNorm = products ? addChildBlock("userNorm", standardisation()) : null;
    this.itemNorm = products ? addChildBlock("itemNorm", standardisation()) : null;
    this.slots = slots;
    this.hidden = hidden;
    this.reducedDim = reducedDim;
    this.shareWidth = shareWidth;
    this.shareWeights = shareWidth == 0 ? null : addParameter(Parameter.builder()
        .setName("shareWeights")
        .setType(Parameter.Type.WEIGHT)
        .optInitializer(new ConstantInitializer(0f))
        .optShape(new Shape(shareWidth, 1))
        .build());
  }

  /** Sequences per sample {@code S}. */
  int slots() {
    return slots;
  }

  /** Reduced vectors per sample in {@code Q_u}: {@code S}, plus {@code N} with a history summary. */
  int userRepresentations() {
    return slots + summaryRows;
  }

  int reducedDim() {
    return reducedDim;
  }

  /** Width of the head's input: {@code (R + 1)·d̂}, plus {@code R·d̂} products, for {@code R} user vectors. */
  static int headInputWidth(int userRepresentations, int reducedDim, HeadInteractions interactions) {
    boolean products = interactions != HeadInteractions.NONE;
    return (userRepresentations + 1 + (products ? userRepresentations : 0)) * reducedDim;
  }

  Block encoder() {
    return encoder;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList q = representations(ps, inputs, training, params);
    if (shareWeights != null && inputs.size() <= encoderInputs) {
      throw new IllegalArgumentException("the network expects " + shareWidth + " per-type behaviour shares as input "
          + (encoderInputs + 1));
    }
    return new NDList(logits(ps, q.get(0), q.get(1), shareWeights == null ? null : inputs.get(encoderInputs),
        training, params));
  }

  /**
   * The head on given representations: logits {@code [B, 1]} of {@code Q_u [B, S·d̂]} ⊕ {@code Q_i [B, d̂]}, plus
   * the share term of {@code shares [B, N]} when the network has one (ignored, may be null, otherwise).
   */
  NDArray logits(ParameterStore ps, NDArray qu, NDArray qi, NDArray shares, boolean training,
      PairList<String, Object> params) {
    NDArray joined = qu.concat(qi, 1);
    if (interactions != HeadInteractions.NONE) {
      long batch = qi.getShape().get(0);
      long rows = qu.getShape().get(1) / reducedDim;
      NDArray users = userNorm.forward(ps, new NDList(qu.reshape(batch * rows, reducedDim)), training, params)
          .singletonOrThrow().reshape(batch, rows, reducedDim);
      NDArray item = itemNorm.forward(ps, new NDList(qi), training, params).singletonOrThrow()
          .reshape(batch, 1, reducedDim);
      NDArray product = users.mul(item).reshape(batch, rows * reducedDim);
      joined = joined.concat(product, 1);
    }
    NDArray logits = head.forward(ps, new NDList(joined), training, params).singletonOrThrow();
    if (shareWeights == null) {
      return logits;
    }
    if (shares == null || shares.getShape().get(1) != shareWidth) {
      throw new IllegalArgumentException("the network expects " + shareWidth + " per-type behaviour shares as input "
          + (encoderInputs + 1));
    }
    NDArray w = ps.getValue(shareWeights, logits.getDevice(), training);
    return logits.add(shares.matMul(w));
  }

  /** Per-dimension standardisation of {@code [rows, d̂]}, without a learned scale or shift. */
  private static Block standardisation() {
    return BatchNorm.builder().optAxis(1).optCenter(false).optScale(false).build();
  }

  /** Whether the logit has the per-type share term (the input after the encoder's). */
  boolean hasShareTerm() {
    return shareWeights != null;
  }

  /** The index of the share array in the input list: right after the encoder's inputs. */
  int shareInput() {
    return encoderInputs;
  }

  /** {@code NDList(Q_u [B, S·d̂], Q_i [B, d̂])}. */
  NDList representations(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList pooled = encoder.forward(ps, inputs, training, params);
    NDArray user = pooled.get(0);
    NDArray item = pooled.get(1);
    long batch = item.getShape().get(0);
    long userRows = user.getShape().get(0);
    if (userRows != batch * slots) {
      throw new IllegalArgumentException("encoder gave " + userRows + " user rows for " + batch + " samples of "
          + slots + " sequences");
    }
    NDArray reduced = reducer.forward(ps, new NDList(user.concat(item, 0)), training, params).singletonOrThrow();
    NDArray qu = reduced.get("0:{}", userRows).reshape(batch, slots * (long) reducedDim);
    NDArray qi = reduced.get("{}:", userRows);
    return new NDList(withSummary(ps, inputs, qu, batch, training, params), qi);
  }

  /**
   * {@code Q_u [B, S·d̂]} (with the summary, {@code [B, (S + N)·d̂]}) alone: the user half of {@link
   * #representations}, the item never run through the encoder or the reducer (its inputs are not read). The
   * reducer maps each row on its own, so this equals the full pass's {@code Q_u} up to float rounding.
   *
   * @param batch {@code B}, the samples of {@code inputs}
   */
  NDArray userRepresentation(ParameterStore ps, NDList inputs, int batch, boolean training,
      PairList<String, Object> params) {
    if (!(encoder instanceof UserSideEncoder users)) {
      throw new IllegalStateException("encoder " + encoder.getClass().getSimpleName() + " has no user-only pass");
    }
    NDArray user = users.encodeUser(ps, inputs, training, params);
    if (user.getShape().get(0) != (long) batch * slots) {
      throw new IllegalArgumentException("encoder gave " + user.getShape().get(0) + " user rows for " + batch
          + " samples of " + slots + " sequences");
    }
    NDArray qu = reducer.forward(ps, new NDList(user), training, params).singletonOrThrow()
        .reshape(batch, slots * (long) reducedDim);
    return withSummary(ps, inputs, qu, batch, training, params);
  }

  /** {@code qu} followed by the reduced history summary of {@code inputs} when the network reads one. */
  private NDArray withSummary(ParameterStore ps, NDList inputs, NDArray qu, long batch, boolean training,
      PairList<String, Object> params) {
    if (summaryReducer == null) {
      return qu;
    }
    int index = shareWidth == 0 ? encoderInputs : encoderInputs + 1;
    if (inputs.size() <= index || !inputs.get(index).getShape().equals(new Shape(batch * summaryRows, hidden))) {
      throw new IllegalArgumentException("the network expects the history summary [" + batch * summaryRows + ", "
          + hidden + "] as input " + (index + 1));
    }
    NDArray summary = summaryReducer.forward(ps, new NDList(inputs.get(index)), training, params).singletonOrThrow();
    return qu.concat(summary.reshape(batch, summaryRows * (long) reducedDim), 1);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    reducer.initialize(manager, dataType, new Shape(1, hidden));
    if (summaryReducer != null) {
      summaryReducer.initialize(manager, dataType, new Shape(1, hidden));
    }
    if (userNorm != null) {
      userNorm.initialize(manager, dataType, new Shape(1, reducedDim));
      itemNorm.initialize(manager, dataType, new Shape(1, reducedDim));
    }
    head.initialize(manager, dataType, new Shape(1, headInputWidth(userRepresentations(), reducedDim,
        interactions)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[3].get(0), 1)};
  }
}
