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
 * A view over a decoder: the embeddings and layers {@code [0, k)} ({@code lower}), or layers {@code [k, L)}
 * followed by the final RMSNorm ({@code upper}). Children are the model's own blocks (shared).
 *
 * <p>Lower input {@code NDList(ids int64 [B, T], mask int64 [B, T])}; upper input {@code NDList(hidden
 * [B, S, d], mask int64 [B, S] [, positions int64 [B, S]])}, positions defaulting to {@code 0..S-1}. Output
 * {@code NDList(hidden [B, S, d])}. Attention is causal and ignores padded keys.
 */
final class DecoderStack extends AbstractBlock {

  private final DecoderConfig config;
  private final DecoderEmbedding embedding;
  private final List<DecoderLayer> layers;
  private final DecoderNorm norm;

  DecoderStack(DecoderConfig config, DecoderEmbedding embedding, List<DecoderLayer> layers, int firstLayer,
      DecoderNorm norm) {
    this.config = config;
    this.embedding = embedding;
    this.layers = List.copyOf(layers);
    this.norm = norm;
    if (embedding != null) {
      addChildBlock("embeddings", embedding);
    }
    for (int i = 0; i < layers.size(); i++) {
      addChildBlock("layer" + (firstLayer + i), layers.get(i));
    }
    if (norm != null) {
      addChildBlock("norm", norm);
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.get(1);
    NDArray x = embedding != null
        ? embedding.forward(ps, new NDList(inputs.get(0)), training, params).head()
        : inputs.get(0);
    if (!layers.isEmpty()) {
      long b = mask.getShape().get(0);
      long s = mask.getShape().get(1);
      if (s > config.maxPositions()) {
        throw new IllegalArgumentException("sequence of " + s + " positions exceeds max_position_embeddings "
            + config.maxPositions());
      }
      NDArray positions = embedding == null && inputs.size() > 2
          ? inputs.get(2)
          : mask.getManager().arange(0, (int) s, 1, DataType.INT64).reshape(1, s).repeat(0, b);
      NDArray[] rope = DecoderOps.rotary(positions, config.headDim(), config.ropeTheta());
      NDArray bias = DecoderOps.causalBias(mask);
      for (DecoderLayer layer : layers) {
        x = layer.forward(ps, new NDList(x, bias, rope[0], rope[1]), training, params).head();
      }
    }
    if (norm != null) {
      x = norm.forward(ps, new NDList(x), training, params).head();
    }
    return new NDList(x);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape first = inputShapes[0];
    return new Shape[] {new Shape(first.get(0), first.get(1), config.hiddenSize())};
  }
}
