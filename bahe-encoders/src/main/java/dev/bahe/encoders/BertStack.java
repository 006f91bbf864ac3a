package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A view over a BERT model: optionally the embeddings, then a contiguous run of layers. The child blocks are
 * the model's own (shared, not copied), so freezing this view freezes exactly those parameters.
 *
 * <p>With embeddings: {@code NDList(ids int64 [B, T], mask int64 [B, T])}; without: {@code NDList(hidden
 * float32 [B, S, d], mask int64 [B, S] [, positions])} (positions are ignored: learned positions were added by
 * the embeddings). Output {@code NDList(hidden float32 [B, S, d])}.
 */
final class BertStack extends AbstractBlock {

  private final BertEmbedding embedding;
  private final List<BertLayer> layers;
  private final int hidden;

  BertStack(BertEmbedding embedding, List<BertLayer> layers, int firstLayer, int hidden) {
    this.embedding = embedding;
    this.layers = List.copyOf(layers);
    this.hidden = hidden;
    if (embedding != null) {
      addChildBlock("embeddings", embedding);
    }
    for (int i = 0; i < layers.size(); i++) {
      addChildBlock("layer" + (firstLayer + i), layers.get(i));
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.get(1);
    NDArray x = embedding != null
        ? embedding.forward(ps, new NDList(inputs.get(0)), training, params).head()
        : inputs.get(0);
    if (layers.isEmpty()) {
      return new NDList(x);
    }
    NDArray bias = AttentionMasks.keyPaddingBias(mask);
    for (BertLayer layer : layers) {
      x = layer.forward(ps, new NDList(x, bias), training, params).head();
    }
    return new NDList(x);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) {
      // every parameter already holds its array: this only re-applies gradient requirements
      child.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape first = inputShapes[0];
    return new Shape[] {new Shape(first.get(0), first.get(1), hidden)};
  }
}
