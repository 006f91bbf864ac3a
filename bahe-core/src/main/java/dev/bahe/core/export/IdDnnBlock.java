package dev.bahe.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The ID-feature DNN: user-id and item-id embeddings, optionally concatenated with dense features, through an
 * MLP to one logit.
 *
 * <p>Input: {@code userIdx int64 [B]}, {@code itemIdx int64 [B]} and, when {@code denseDim > 0},
 * {@code dense float32 [B, denseDim]}. Parameters: {@code user_embedding [users, e]},
 * {@code item_embedding [items, e]}, then the MLP {@code [2e + denseDim] → hidden… → 1} (ReLU). Output:
 * logits {@code [B, 1]}.
 */
final class IdDnnBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Parameter userEmbedding;
  private final Parameter itemEmbedding;
  private final SequentialBlock mlp;
  private final int embeddingDim;
  private final int denseDim;

  IdDnnBlock(int users, int items, int embeddingDim, int denseDim, List<Integer> hiddenSizes) {
    super(VERSION);
    this.embeddingDim = embeddingDim;
    this.denseDim = denseDim;
    this.userEmbedding = addParameter(Parameter.builder().setName("user_embedding").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(users, embeddingDim)).optInitializer(new NormalInitializer(0.05f)).build());
    this.itemEmbedding = addParameter(Parameter.builder().setName("item_embedding").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(items, embeddingDim)).optInitializer(new NormalInitializer(0.05f)).build());
    SequentialBlock seq = new SequentialBlock();
    for (int h : hiddenSizes) {
      seq.add(Linear.builder().setUnits(h).build()).add(Activation::relu);
    }
    seq.add(Linear.builder().setUnits(1).build());
    this.mlp = addChildBlock("mlp", seq);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray userIdx = inputs.get(0);
    NDArray itemIdx = inputs.get(1);
    NDArray u = Embedding.embedding(userIdx, ps.getValue(userEmbedding, userIdx.getDevice(), training),
        SparseFormat.DENSE).singletonOrThrow();
    NDArray i = Embedding.embedding(itemIdx, ps.getValue(itemEmbedding, itemIdx.getDevice(), training),
        SparseFormat.DENSE).singletonOrThrow();
    NDList parts = new NDList(u, i);
    if (denseDim > 0) {
      parts.add(inputs.get(2));
    }
    NDArray x = parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(parts, 1);
    return mlp.forward(ps, new NDList(x), training, params);
  }

  @Override
  protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    long batch = inputShapes[0].get(0);
    mlp.initialize(manager, dataType, new Shape(batch, 2L * embeddingDim + denseDim));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }
}
