package dev.bahe.encoders;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Token embeddings of a decoder: {@code ids int64 [B, T]} to {@code [B, T, d]} (no positions: they are rotary). */
final class DecoderEmbedding extends AbstractBlock {

  private final Parameter table;
  private final int hidden;

  DecoderEmbedding(DecoderConfig c, String prefix, ParameterLoader loader) {
    this.hidden = c.hiddenSize();
    table = addParameter(loader.load("tokens", prefix + "embed_tokens.weight", Parameter.Type.WEIGHT,
        c.vocabSize(), c.hiddenSize()));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    var ids = inputs.head();
    return Embedding.embedding(ids, ps.getValue(table, ids.getDevice(), training), SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hidden)};
  }
}
