package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bahe.api.model.Pooling;

/**
 * The whole backbone over token ids, then {@code F_p}: the encoder of LLM-CTR (one text per sample) and FP
 * ({@code N} texts per sample, all in one batched call). Children are {@code lower(0)} (token embeddings) and
 * {@code upper(0)} (all layers) of the backbone; both train.
 *
 * <p>Input: {@code ids int64 [R, T]}, attention mask {@code [R, T]}, pooling mask {@code [R, T]}, then the
 * same three for the item title ({@code [B, Ti]}). Output {@code NDList(user [R, d], item [B, d])}.
 */
final class FullTextEncoder extends AbstractBlock implements UserSideEncoder {

  private final Block embeddings;
  private final Block layers;
  private final Pooling pooling;
  private final int hidden;

  FullTextEncoder(Block lower0, Block upper0, Pooling pooling, int hidden) {
    this.embeddings = addChildBlock("embeddings", lower0);
    this.layers = addChildBlock("layers", upper0);
    this.pooling = pooling;
    this.hidden = hidden;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray user = encodeUser(ps, in, training, params);
    NDArray item = encode(ps, in.get(3), in.get(4), in.get(5), training, params);
    return new NDList(user, item);
  }

  @Override
  public NDArray encodeUser(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    return encode(ps, in.get(0), in.get(1), in.get(2), training, params);
  }

  /**
   * Token ids to pooled vectors {@code [R, d]}, the rows run in groups of similar length ({@link LengthBuckets}):
   * the same function as {@link #encodePadded} at the cost of the real tokens.
   */
  NDArray encode(ParameterStore ps, NDArray ids, NDArray attention, NDArray poolMask, boolean training,
      PairList<String, Object> params) {
    return LengthBuckets.encode(ids, attention, poolMask, (x, a, p) -> encodePadded(ps, x, a, p, training, params));
  }

  /** {@link #encode} with every row padded to the batch's {@code T}: one pass through the backbone. */
  NDArray encodePadded(ParameterStore ps, NDArray ids, NDArray attention, NDArray poolMask, boolean training,
      PairList<String, Object> params) {
    NDArray h = embeddings.forward(ps, new NDList(ids, attention), training, params).head();
    h = layers.forward(ps, new NDList(h, attention), training, params).head();
    return pooling.pool(h, poolMask);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape ids = inputShapes[0];
    embeddings.initialize(manager, dataType, ids, ids);
    layers.initialize(manager, dataType, new Shape(ids.get(0), ids.get(1), hidden), ids);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), hidden), new Shape(inputShapes[3].get(0), hidden)};
  }
}
