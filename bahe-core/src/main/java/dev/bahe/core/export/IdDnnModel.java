package dev.bahe.core.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.model.CtrModel;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The downstream ID-feature DNN of the paper's {@code AUC_d} column: user-id and item-id embeddings plus an MLP
 * ({@link IdDnnBlock}), optionally fed the exported {@code Q_u ⊕ Q_i} of each impression as extra dense
 * features. Without them it is the "DNN" row. It is a {@link CtrModel}, so the same trainer, evaluator and
 * checkpoints run it. Ids unseen when the vocabularies were built share one "unknown" embedding row.
 *
 * <p>Owns its parameters' native memory until {@link #close()}. Not thread-safe while training.
 */
public final class IdDnnModel implements CtrModel {

  private final String name;
  private final IdVocabulary users;
  private final IdVocabulary items;
  private final RepresentationTable representations;
  private final NDManager manager;
  private final IdDnnBlock block;

  private IdDnnModel(Builder b) {
    this.users = IdVocabulary.of(b.vocabularyImpressions, Impression::userId);
    this.items = IdVocabulary.of(b.vocabularyImpressions, Impression::itemId);
    this.representations = b.representations;
    int dense = representations == null ? 0 : representations.dimension();
    this.name = representations == null ? "dnn-id" : "dnn-id+repr";
    this.manager = NDManager.newBaseManager();
    this.block = new IdDnnBlock(users.rows(), items.rows(), b.embeddingDim, dense, b.hiddenSizes);
    Engine.getInstance().setRandomSeed((int) (b.seed ^ (b.seed >>> 32)));
    Shape idShape = new Shape(1);
    if (dense > 0) {
      block.initialize(manager, DataType.FLOAT32, idShape, idShape, new Shape(1, dense));
    } else {
      block.initialize(manager, DataType.FLOAT32, idShape, idShape);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Block block() {
    return block;
  }

  /** {@code (userIdx int64 [B], itemIdx int64 [B][, dense float32 [B, |Q_u|+|Q_i|]])}. */
  @Override
  public NDList features(List<Impression> batch, NDManager manager) {
    int n = batch.size();
    long[] u = new long[n];
    long[] i = new long[n];
    for (int r = 0; r < n; r++) {
      u[r] = users.indexOf(batch.get(r).userId());
      i[r] = items.indexOf(batch.get(r).itemId());
    }
    NDList out = new NDList(manager.create(u, new Shape(n)), manager.create(i, new Shape(n)));
    if (representations != null) {
      int d = representations.dimension();
      float[] dense = new float[n * d];
      for (int r = 0; r < n; r++) {
        representations.copyFeatures(batch.get(r), dense, r * d);
      }
      out.add(manager.create(dense, new Shape(n, d)));
    }
    return out;
  }

  /** No pretrained backbone: every parameter learns at the head learning rate. */
  @Override
  public boolean isBackboneParameter(String parameterName) {
    return false;
  }

  /**
   * No backbone: an evaluation batch's graph is a few embedding and MLP activations, freed with the batch, so
   * nothing is switched.
   */
  @Override
  public InferenceScope inference() {
    return InferenceScope.NONE;
  }

  /** Whether exported representations are extra inputs. */
  public boolean usesRepresentations() {
    return representations != null;
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Builds an {@link IdDnnModel}; the vocabulary impressions (normally the training split) are required. */
  public static final class Builder {

    private Collection<Impression> vocabularyImpressions;
    private RepresentationTable representations;
    private int embeddingDim = 16;
    private List<Integer> hiddenSizes = List.of(64, 32);
    private long seed = 42;

    private Builder() {}

    /** The impressions whose user and item ids get their own embedding rows. */
    public Builder setVocabulary(Collection<Impression> impressions) {
      this.vocabularyImpressions = Objects.requireNonNull(impressions, "impressions");
      return this;
    }

    /** Feeds {@code Q_u ⊕ Q_i} from this table as extra dense features (the {@code AUC_d} setting). */
    public Builder optRepresentations(RepresentationTable representations) {
      this.representations = representations;
      return this;
    }

    public Builder optEmbeddingDim(int embeddingDim) {
      if (embeddingDim <= 0) {
        throw new IllegalArgumentException("embeddingDim must be positive, was " + embeddingDim);
      }
      this.embeddingDim = embeddingDim;
      return this;
    }

    public Builder optHiddenSizes(List<Integer> hiddenSizes) {
      for (int h : hiddenSizes) {
        if (h <= 0) {
          throw new IllegalArgumentException("hidden sizes must be positive, were " + hiddenSizes);
        }
      }
      this.hiddenSizes = List.copyOf(hiddenSizes);
      return this;
    }

    /** Seed of the parameter initialisation. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public IdDnnModel build() {
      Objects.requireNonNull(vocabularyImpressions, "vocabulary impressions are required");
      return new IdDnnModel(this);
    }
  }
}
