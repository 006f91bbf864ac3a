package dev.bahe.encoders;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * BERT embeddings: word + learned position + token type 0, then LayerNorm. Input {@code ids int64 [B, T]},
 * output {@code float32 [B, T, d]}; {@code T} may not exceed the position table, which
 * {@link #extendPositions(int)} can grow.
 */
final class BertEmbedding extends AbstractBlock {

  private final BertConfig config;
  private final Parameter word;
  private final Parameter position;
  private final Parameter tokenType;
  private final Parameter gamma;
  private final Parameter beta;

  BertEmbedding(BertConfig config, ParameterLoader loader) {
    this.config = config;
    int d = config.hiddenSize();
    word = addParameter(loader.load("word", "embeddings.word_embeddings.weight", Parameter.Type.WEIGHT,
        config.vocabSize(), d));
    position = addParameter(loader.load("position", "embeddings.position_embeddings.weight",
        Parameter.Type.WEIGHT, config.maxPositions(), d));
    tokenType = addParameter(loader.load("tokenType", "embeddings.token_type_embeddings.weight",
        Parameter.Type.WEIGHT, config.typeVocabSize(), d));
    gamma = addParameter(loader.load("lnGamma", "embeddings.LayerNorm.weight", Parameter.Type.GAMMA, d));
    beta = addParameter(loader.load("lnBeta", "embeddings.LayerNorm.bias", Parameter.Type.BETA, d));
  }

  Parameter positionParameter() {
    return position;
  }

  /** Rows of the position table now. */
  int positionRows() {
    return Math.toIntExact(position.getArray().getShape().get(0));
  }

  /**
   * Grows the position table to {@code rows} rows, row {@code i >= P} a copy of row {@code i mod P}, keeping the
   * same {@link Parameter} object (so every view, parameter set and checkpoint layout that names it stays valid)
   * and its trainability. The new array lives in the old one's manager; the old array is freed.
   */
  synchronized void extendPositions(int rows) {
    NDArray old = position.getArray();
    int p = positionRows();
    if (rows <= p) {
      return;
    }
    NDManager owner = old.getManager();
    NDList parts = new NDList();
    for (int start = 0; start < rows; start += p) {
      int n = Math.min(p, rows - start);
      parts.add(n == p ? old : old.get(new NDIndex("0:{}", n)));
    }
    // Parameter.load is the public way to give an existing parameter an array of a new shape; the carrier
    // closes the concatenated copy, load decodes the table into the owner's manager
    try (Parameter carrier = Parameter.builder().setName(position.getName()).setType(Parameter.Type.WEIGHT)
        .optArray(NDArrays.concat(parts, 0)).build()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      carrier.save(new DataOutputStream(bytes));
      position.load(owner, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("cannot extend the position table to " + rows + " rows", e);
    } finally {
      for (NDArray part : parts) {
        if (part != old) {
          part.close();
        }
      }
    }
    position.freeze(!position.requiresGradient());
    old.close();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.get(0);
    long t = ids.getShape().get(1);
    if (t > positionRows()) {
      throw new IllegalArgumentException("sequence of " + t + " tokens exceeds the " + positionRows()
          + " learned positions of this model");
    }
    var device = ids.getDevice();
    // every op starts from an array of the caller's manager, so intermediates never attach to the parameters'
    NDManager scope = ids.getManager();
    NDArray positions = scope.arange(0, (int) t, 1, DataType.INT64).reshape(1, t);
    NDArray types = scope.zeros(new Shape(1, t), DataType.INT64);
    NDArray x = lookup(ids, ps.getValue(word, device, training))
        .add(lookup(positions, ps.getValue(position, device, training)))
        .add(lookup(types, ps.getValue(tokenType, device, training)));
    NDArray out = LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), ps.getValue(gamma, device, training),
        ps.getValue(beta, device, training), config.layerNormEps()).singletonOrThrow();
    return new NDList(out);
  }

  private static NDArray lookup(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
  }
}
