package dev.bahe.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A user's point-in-time history as ids, the way production ID models read it: one shared table of hashed
 * behaviour embeddings, and per behaviour type the masked mean of the embeddings of its most recent behaviours.
 *
 * <p>Input: {@code bucket int64 [B, N, M]} (hash buckets of the behaviours, see {@link HashedHistory}) and
 * {@code mask float32 [B, N, M]} (1 for a behaviour, 0 for padding). Parameter: {@code history_embedding
 * [buckets, e]}. Output: {@code [B, N·e]}, the per-type means concatenated in type order; a type without
 * behaviours gives zeros.
 */
final class HistoryEmbeddingBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Parameter table;
  private final int types;
  private final int dim;

  HistoryEmbeddingBlock(int buckets, int types, int dim) {
    super(VERSION);
    this.types = types;
    this.dim = dim;
    this.table = addParameter(Parameter.builder().setName("history_embedding").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(buckets, dim)).optInitializer(new NormalInitializer(0.05f)).build());
  }

  /** Width of the output: {@code N·e}. */
  int outputDim() {
    return types * dim;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray bucket = inputs.get(0);
    NDArray mask = inputs.get(1);
    long batch = bucket.getShape().get(0);
    NDArray embedded = Embedding.embedding(bucket, ps.getValue(table, bucket.getDevice(), training),
        SparseFormat.DENSE).singletonOrThrow();
    NDArray sum = embedded.mul(mask.expandDims(3)).sum(new int[] {2});
    NDArray count = mask.sum(new int[] {2}, true).maximum(1f);
    return new NDList(sum.div(count).reshape(batch, (long) types * dim));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no child blocks
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), (long) types * dim)};
  }
}
