package dev.bahe.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * The ID-feature DNN: user-id and item-id embeddings, optionally the user's history as hashed behaviour ids
 * ({@link HistoryEmbeddingBlock}) and dense features, concatenated and through an MLP to one logit.
 *
 * <p>Input, in this order: {@code userIdx int64 [B]}, {@code itemIdx int64 [B]}; with a history, {@code bucket
 * int64 [B, N, M]} and {@code mask float32 [B, N, M]}; when {@code denseDim > 0}, {@code dense float32 [B,
 * denseDim]}. Parameters: {@code user_embedding [users, e]}, {@code item_embedding [items, e]}, the history's
 * {@code history_embedding [buckets, e_h]}, then the MLP {@code [2e + N·e_h + denseDim] → hidden… → 1} (ReLU).
 * Output: logits {@code [B, 1]}.
 */
final class IdDnnBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Parameter userEmbedding;
  private final Parameter itemEmbedding;
  private final HistoryEmbeddingBlock history;
  private final SequentialBlock mlp;
  private final int embeddingDim;
  private final int denseDim;

  /**
   * @param history the history embedding, or null for a model of ids (and dense features) only
   * @param denseDim width of the dense input, 0 for none
   */
  IdDnnBlock(int users, int items, int embeddingDim, HistoryEmbeddingBlock history, int denseDim,
      List<Integer> hiddenSizes) {
    super(VERSION);
    this.embeddingDim = embeddingDim;
    this.denseDim = denseDim;
    this.userEmbedding = addParameter(Parameter.builder().setName("user_embedding").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(users, embeddingDim)).optInitializer(new NormalInitializer(0.05f)).build());
    this.itemEmbedding = addParameter(Parameter.builder().setName("item_embedding").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(items, embeddingDim)).optInitializer(new NormalInitializer(0.05f)).build());
    this.history = history == null ? null : addChildBlock("history", history);
    SequentialBlock seq = new SequentialBlock();
    for (int h : hiddenSizes) {
      seq.add(Linear.builder().setUnits(h).build()).add(Activation::relu);
    }
    seq.add(Linear.builder().setUnits(1).build());
    this.mlp = addChildBlock("mlp", seq);
  }

  /** Width of the MLP input. */
  private long mlpInputDim() {
    return 2L * embeddingDim + (history == null ? 0 : history.outputDim()) + denseDim;
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
    int next = 2;
    if (history != null) {
      parts.add(history.forward(ps, new NDList(inputs.get(next), inputs.get(next + 1)), training, params)
          .singletonOrThrow());
      next += 2;
    }
    if (denseDim > 0) {
      parts.add(inputs.get(next));
    }
    return mlp.forward(ps, new NDList(NDArrays.concat(parts, 1)), training, params);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long batch = inputShapes[0].get(0);
    if (history != null) {
      history.initialize(manager, dataType, inputShapes[2], inputShapes[3]);
    }
    mlp.initialize(manager, dataType, new Shape(batch, mlpInputDim()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }
}
