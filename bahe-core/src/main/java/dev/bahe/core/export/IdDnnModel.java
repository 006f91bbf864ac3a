package dev.bahe.core.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.baseline.CounterGroup;
import dev.bahe.core.baseline.PointInTimeCounters;
import dev.bahe.core.baseline.StandardizedCounters;
import dev.bahe.core.model.CtrModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The ID-feature DNN of the paper's "DNN" row and {@code AUC_d} column ({@link IdDnnBlock}), in two shapes:
 *
 * <ul>
 *   <li>{@code dnn-id}: user-id and item-id embeddings only;
 *   <li>{@code dnn}, the production-style model: besides the ids it reads the user's point-in-time history as ids
 *       ({@link Builder#optHistory}: per behaviour type, the mean of hashed embeddings of the most recent {@code M}
 *       behaviours strictly before the impression) and the standardized {@code stats} counters as dense inputs
 *       ({@link Builder#optCounters}).
 * </ul>
 *
 * <p>With exported representations ({@link Builder#optRepresentations}) the exported {@code Q_u ⊕ Q_i} of each
 * impression are further dense inputs and the name gains {@code +repr} ({@code dnn+repr}: the paper's {@code
 * AUC_d}). It is a {@link CtrModel}, so the same trainer, evaluator and checkpoints run it; a checkpoint loads into
 * a model built with the same options from the same data. Ids unseen when the vocabularies were built share one
 * "unknown" embedding row.
 *
 * <p>Owns its parameters' native memory until {@link #close()}. Not thread-safe while training.
 */
public final class IdDnnModel implements CtrModel {

  /** Default number of hash buckets of the history embedding table. */
  public static final int DEFAULT_HISTORY_BUCKETS = 1 << 16;
  /** Default number of most recent behaviours per type the history reads. */
  public static final int DEFAULT_HISTORY_LENGTH = 20;

  private final String name;
  private final IdVocabulary users;
  private final IdVocabulary items;
  private final HashedHistory history;
  private final StandardizedCounters counters;
  private final int[] counterColumns;
  private final RepresentationTable representations;
  private final int denseDim;
  private final NDManager manager;
  private final IdDnnBlock block;

  private IdDnnModel(Builder b) {
    this.users = IdVocabulary.of(b.vocabularyImpressions, Impression::userId);
    this.items = IdVocabulary.of(b.vocabularyImpressions, Impression::itemId);
    this.history = b.history;
    this.counters = b.counters == null ? null
        : StandardizedCounters.fit(b.counters, List.copyOf(b.vocabularyImpressions));
    this.counterColumns = counters == null ? new int[0] : columnsOf(b.counters, b.counterGroups);
    this.representations = b.representations;
    this.denseDim = counterColumns.length
        + (representations == null ? 0 : representations.dimension());
    this.name = (history != null || counters != null ? "dnn" : "dnn-id") + (representations != null ? "+repr" : "");
    this.manager = NDManager.newBaseManager();
    HistoryEmbeddingBlock historyBlock = history == null ? null
        : new HistoryEmbeddingBlock(history.buckets(), history.types(), b.historyEmbeddingDim);
    this.block = new IdDnnBlock(users.rows(), items.rows(), b.embeddingDim, historyBlock, denseDim, b.hiddenSizes);
    Engine.getInstance().setRandomSeed((int) (b.seed ^ (b.seed >>> 32)));
    List<Shape> shapes = new ArrayList<>(List.of(new Shape(1), new Shape(1)));
    if (history != null) {
      Shape h = new Shape(1, history.types(), history.length());
      shapes.add(h);
      shapes.add(h);
    }
    if (denseDim > 0) {
      shapes.add(new Shape(1, denseDim));
    }
    block.initialize(manager, DataType.FLOAT32, shapes.toArray(Shape[]::new));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code dnn-id}, {@code dnn}, {@code dnn-id+repr} or {@code dnn+repr}; see the class javadoc. */
  @Override
  public String name() {
    return name;
  }

  @Override
  public Block block() {
    return block;
  }

  /**
   * {@code (userIdx int64 [B], itemIdx int64 [B][, bucket int64 [B, N, M], mask float32 [B, N, M]][, dense
   * float32 [B, counters + |Q_u| + |Q_i|]])}.
   */
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
    if (history != null) {
      out.addAll(history.features(batch, manager));
    }
    if (denseDim > 0) {
      float[] dense = new float[n * denseDim];
      float[] counterRow = new float[counters == null ? 0 : counters.size()];
      for (int r = 0; r < n; r++) {
        int offset = r * denseDim;
        if (counters != null) {
          counters.copyFeatures(batch.get(r), counterRow, 0);
          for (int c : counterColumns) {
            dense[offset++] = counterRow[c];
          }
        }
        if (representations != null) {
          representations.copyFeatures(batch.get(r), dense, offset);
        }
      }
      out.add(manager.create(dense, new Shape(n, denseDim)));
    }
    return out;
  }

  /** The columns of {@code groups}, in column order; every column when {@code groups} is null. */
  private static int[] columnsOf(PointInTimeCounters counters, Collection<CounterGroup> groups) {
    if (groups == null) {
      int[] all = new int[counters.size()];
      for (int c = 0; c < all.length; c++) {
        all[c] = c;
      }
      return all;
    }
    return groups.stream().flatMapToInt(g -> java.util.Arrays.stream(counters.columns(g))).sorted().toArray();
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

  /** Whether the user's history is an input (as hashed behaviour ids). */
  public boolean usesHistory() {
    return history != null;
  }

  /** Whether the standardized point-in-time counters are inputs. */
  public boolean usesCounters() {
    return counters != null;
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Builds an {@link IdDnnModel}; the vocabulary impressions (normally the training split) are required. */
  public static final class Builder {

    private Collection<Impression> vocabularyImpressions;
    private HashedHistory history;
    private PointInTimeCounters counters;
    private List<CounterGroup> counterGroups;
    private RepresentationTable representations;
    private int embeddingDim = 16;
    private int historyEmbeddingDim = 16;
    private List<Integer> hiddenSizes = List.of(64, 32);
    private long seed = 42;

    private Builder() {}

    /**
     * The impressions whose user and item ids get their own embedding rows; the counters are standardized over
     * them too.
     */
    public Builder setVocabulary(Collection<Impression> impressions) {
      this.vocabularyImpressions = Objects.requireNonNull(impressions, "impressions");
      return this;
    }

    /**
     * Reads the user's history as ids: for each of {@code types}, the most recent {@code m} behaviours strictly
     * before the impression, each hashed by its {@link dev.bahe.api.key.BehaviorKeys key} into one of
     * {@code buckets} rows of one shared embedding table, averaged per type.
     */
    public Builder optHistory(Dataset dataset, List<BehaviorType> types, int m, int buckets) {
      this.history = new HashedHistory(Objects.requireNonNull(dataset, "dataset"), types, m, buckets);
      return this;
    }

    /** {@link #optHistory(Dataset, List, int, int)} with every type of the dataset, 20 behaviours, 2^16 buckets. */
    public Builder optHistory(Dataset dataset) {
      return optHistory(dataset, dataset.types(), DEFAULT_HISTORY_LENGTH, DEFAULT_HISTORY_BUCKETS);
    }

    /** Feeds these point-in-time counters, standardized over the vocabulary impressions, as dense inputs. */
    public Builder optCounters(PointInTimeCounters counters) {
      return optCounters(counters, null);
    }

    /**
     * Feeds the counters of {@code groups} only (all of them when null): e.g. the groups {@code stats} kept on the
     * validation split, so that a group that does not carry into later impressions (on MovieLens the user's own
     * earlier labels, empty for new users) is not learnt from.
     */
    public Builder optCounters(PointInTimeCounters counters, Collection<CounterGroup> groups) {
      this.counters = Objects.requireNonNull(counters, "counters");
      this.counterGroups = groups == null ? null : List.copyOf(groups);
      if (groups != null && groups.isEmpty()) {
        throw new IllegalArgumentException("no counter group given");
      }
      return this;
    }

    /** Feeds {@code Q_u ⊕ Q_i} from this table as extra dense features (the {@code AUC_d} setting). */
    public Builder optRepresentations(RepresentationTable representations) {
      this.representations = representations;
      return this;
    }

    public Builder optEmbeddingDim(int embeddingDim) {
      this.embeddingDim = positive(embeddingDim, "embeddingDim");
      return this;
    }

    /** Width {@code e_h} of a hashed behaviour embedding (default 16). */
    public Builder optHistoryEmbeddingDim(int historyEmbeddingDim) {
      this.historyEmbeddingDim = positive(historyEmbeddingDim, "historyEmbeddingDim");
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
      if (counters != null && vocabularyImpressions.isEmpty()) {
        throw new IllegalArgumentException("counters are standardized over the vocabulary impressions: none given");
      }
      return new IdDnnModel(this);
    }

    private static int positive(int value, String what) {
      if (value <= 0) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      return value;
    }
  }
}
