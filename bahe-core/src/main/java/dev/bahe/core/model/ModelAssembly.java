package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.DimensionReducer;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import dev.bahe.api.model.ModelDescriptor.PositionEncoding;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.HistorySummary;
import dev.bahe.core.config.ItemEncoding;
import dev.bahe.core.config.PositionOrigin;
import dev.bahe.core.config.SequenceOptions;
import dev.bahe.core.config.TypeShares;
import dev.bahe.core.config.UserSequence;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the four variants of DESIGN §2.1 as configurations of one assembly: the same point-in-time
 * {@link BehaviorSelector}, the same reducer {@code F_d}, head {@code F_θ} and pooling {@code F_p}, one
 * {@link CtrNetwork}; only the sequence encoder and its features differ.
 *
 * <ul>
 *   <li>{@link Variant#LLM_CTR}: one concatenated text per sample, cut to {@code T} tokens, through
 *       {@code lower(0)} + {@code upper(0)} (all layers, trainable).
 *   <li>{@link Variant#FP}: {@code N} per-type texts of at most {@code T/N} tokens, one batched call of
 *       {@code B·N} sequences through all layers (trainable).
 *   <li>{@link Variant#ABE}: frozen {@code lower(k)} once per distinct behaviour (cached token states);
 *       {@code upper(k)} (trainable) over {@code N} sequences of concatenated token states per sample.
 *   <li>{@link Variant#BAHE}: one store vector per behaviour ({@code N} sequences of {@code M} positions, or with
 *       {@code sequence.userSequence: merged} one time-ordered sequence of all types plus a learned type embedding;
 *       plus learned behaviour positions on learned-position backbones) through {@code upper(k)} (trainable); the
 *       lower part is never run except to back-fill texts missing from the store and, with
 *       {@code sequence.itemEncoding: tokens}, once per distinct item title.
 * </ul>
 *
 * <p>The item goes the same way: its title text (LLM-CTR, FP) or its token states (ABE); in BAHE its cached
 * token states ({@code sequence.itemEncoding: tokens}, the default) or its store vector as a length-1 sequence
 * ({@code pooled}, the paper's item path); then {@code F_p} and the shared {@code F_d}.
 *
 * <p>Freezing is set on the shared backbone ({@code lower(k)} frozen for ABE and BAHE, everything trainable for
 * LLM-CTR and FP), so build one model per backbone instance at a time. A learned position table shorter than
 * LLM-CTR's {@code T} (or FP's {@code T/N}) is extended in place on the backbone (see
 * {@link LayeredLanguageModel#extendPositions(int)}); rows already there are unchanged. Parameters are initialised with the
 * engine seeded by {@code training.seed}. The model owns a sub-manager of the backbone's manager (reducer, head,
 * position table); it does not own the backbone, store or encoder.
 */
public final class ModelAssembly {

  private static final Logger LOG = LoggerFactory.getLogger(ModelAssembly.class);

  private ModelAssembly() {}

  /**
   * Assembles {@code config.variant()}.
   *
   * @param store the behaviour store (BAHE only; may be null otherwise)
   * @param encoder the lower-part encoder that wrote the store, used to back-fill missing texts (BAHE; may be
   *     null, then a missing text is an error)
   */
  public static TextCtrModel build(ExperimentConfig config, Dataset dataset, LayeredLanguageModel llm,
      Pooling pooling, DimensionReducer reducer, CtrHead head, BehaviorStore store, BehaviorEncoder encoder) {
    ModelDescriptor desc = llm.descriptor();
    Variant variant = config.variant();
    SequenceOptions seq = config.sequence();
    int layers = desc.numLayers();
    int k = config.backbone().splitLayer();
    int d = desc.hiddenSize();
    int types = dataset.types().size();
    boolean learned = desc.positions() == PositionEncoding.LEARNED_ABSOLUTE;
    if (k > layers) {
      throw new IllegalArgumentException("backbone.splitLayer " + k + " exceeds the " + layers + " layers of "
          + desc.name());
    }
    BehaviorSelector selector = new BehaviorSelector(dataset.types(), seq, llm.tokenizer());
    NDManager own = llm.manager().newSubManager();
    try {
      own.getEngine().setRandomSeed((int) config.training().seed());
      Block encoderBlock;
      FeatureBuilder features;
      int slots;
      Set<Parameter> backbone = Collections.newSetFromMap(new IdentityHashMap<>());
      java.util.function.LongSupplier lowerCalls = () -> 0L;
      Shape[] exampleShapes;
      HistorySummaryFeatures summary = null;
      AlignableUpperLayers upperLayers = null;
      int encoderInputs = 6;
      switch (variant) {
        case LLM_CTR, FP -> {
          if (learned) {
            // LLM-CTR's concatenated text (FP's per-type texts) may be longer than the pretrained table
            String key = variant == Variant.LLM_CTR ? "sequence.textLength" : "sequence.textLength / types";
            int text = variant == Variant.LLM_CTR ? seq.textLength() : selector.budgetPerType();
            fitPositions(llm, key, text);
            fitPositions(llm, "sequence.itemTokens", seq.itemTokens());
          }
          Block lower0 = llm.lower(0);
          Block upper0 = llm.upper(0);
          lower0.freezeParameters(false);
          upper0.freezeParameters(false);
          addAll(backbone, lower0);
          addAll(backbone, upper0);
          encoderBlock = new FullTextEncoder(lower0, upper0, pooling, d);
          slots = variant == Variant.LLM_CTR ? 1 : types;
          features = variant == Variant.LLM_CTR
              ? TextFeatures.concatenated(selector, llm.tokenizer(), seq.textLength())
              : TextFeatures.perType(selector, llm.tokenizer());
          exampleShapes = tokenShapes(slots);
        }
        case ABE -> {
          Block lower = llm.lower(k);
          Block upper = llm.upper(k);
          lower.freezeParameters(true);
          upper.freezeParameters(false);
          addAll(backbone, upper);
          encoderBlock = new UpperEncoder(upper, pooling, null, false, !learned, d);
          TokenStateCache behaviorStates = new TokenStateCache(lower, llm.tokenizer(), seq.behaviorTokens(), d);
          ItemTokenStates itemStates = itemTokenStates(llm, selector, config);
          features = new TokenStateFeatures(selector, behaviorStates, itemStates, d);
          lowerCalls = () -> behaviorStates.encodedCount() + itemStates.encodedCount();
          slots = types;
          exampleShapes = stateShapes(slots, seq.behaviorTokens(), d);
        }
        case BAHE -> {
          checkStore(store, encoder, desc, k);
          llm.lower(k).freezeParameters(true);
          Block upper = llm.upper(k);
          upper.freezeParameters(false);
          addAll(backbone, upper);
          boolean merged = seq.userSequence() == UserSequence.MERGED;
          // a merged sequence holds at most M behaviours of each type, and at most T: every behaviour costs a token
          int sequenceLength = merged
              ? Math.min(types * seq.maxBehaviorsPerType(), types * selector.budgetPerType())
              : seq.maxBehaviorsPerType();
          Parameter positions = null;
          if (learned) {
            // a sequence longer than the backbone's table (merged, or M above it) starts from repeated rows
            positions = behaviorPositions(llm, own, sequenceLength, d);
            backbone.add(positions);
          }
          boolean pooledItem = seq.itemEncoding() == ItemEncoding.POOLED;
          UpperEncoder upperEncoder = new UpperEncoder(upper, pooling, positions, pooledItem, !learned, d,
              merged ? types : 0, seq.positionOrigin() == PositionOrigin.NEWEST);
          encoderBlock = upperEncoder;
          upperLayers = new StoreUpperLayers(upperEncoder, llm, store, pooling, seq.behaviorTokens(), sequenceLength);
          StoreBackfill backfill = new StoreBackfill(store, encoder);
          ItemTokenStates itemStates = pooledItem ? null : itemTokenStates(llm, selector, config);
          StoreVectorFeatures storeFeatures = new StoreVectorFeatures(selector, store, backfill, d, itemStates, merged);
          features = storeFeatures;
          if (seq.historySummary() == HistorySummary.MEAN) {
            summary = new HistorySummaryFeatures(selector, store, backfill, d);
          }
          lowerCalls = pooledItem
              ? backfill::encodedCount
              : () -> backfill.encodedCount() + itemStates.encodedCount();
          slots = storeFeatures.rowsPerSample();
          exampleShapes = stateShapes(slots, sequenceLength, d);
          if (merged) {
            exampleShapes = Arrays.copyOf(exampleShapes, exampleShapes.length + 1);
            exampleShapes[exampleShapes.length - 1] = new Shape(slots, sequenceLength, types);
            encoderInputs = exampleShapes.length;
          }
        }
        default -> throw new IllegalArgumentException("unsupported variant " + variant);
      }
      Block reducerBlock = reducer.build(d, config.reducer());
      int reduced = reducer.outputDim(d, config.reducer());
      TypeShareFeatures shares = seq.typeShares() == TypeShares.NONE
          ? null
          : new TypeShareFeatures(seq.typeShares(), dataset.types(), seq.maxBehaviorsPerType());
      int shareWidth = shares == null ? 0 : shares.width();
      if (summary == null && seq.historySummary() == HistorySummary.MEAN) {
        LOG.info("sequence.historySummary: mean applies to bahe only (it reads the behaviour store); {} has none",
            variant.id());
      }
      if (variant != Variant.BAHE && seq.userSequence() == UserSequence.MERGED) {
        LOG.info("sequence.userSequence: merged applies to bahe only (a sequence of stored vectors); {} reads one"
            + " sequence per type", variant.id());
      }
      if (seq.positionOrigin() == PositionOrigin.NEWEST && (variant != Variant.BAHE || !learned)) {
        LOG.info("sequence.positionOrigin: newest applies to bahe's learned behaviour positions; {} has none",
            variant == Variant.BAHE ? "a rotary backbone" : variant.id());
      }
      int summaryRows = summary == null ? 0 : summary.rowsPerSample();
      Block headBlock = head.build(CtrNetwork.headInputWidth(slots + summaryRows, reduced, seq.interactions()),
          config.head());
      Block summaryReducer = summary == null ? null : reducer.build(d, config.reducer());
      CtrNetwork network = new CtrNetwork(encoderBlock, reducerBlock, headBlock, slots, d, reduced, shareWidth,
          summaryReducer, summaryRows, seq.interactions(), encoderInputs);
      if (shares != null) {
        exampleShapes = Arrays.copyOf(exampleShapes, exampleShapes.length + 1);
        exampleShapes[exampleShapes.length - 1] = new Shape(1, shareWidth);
      }
      if (summary != null) {
        exampleShapes = Arrays.copyOf(exampleShapes, exampleShapes.length + 1);
        exampleShapes[exampleShapes.length - 1] = new Shape(summaryRows, d);
      }
      network.initialize(own, DataType.FLOAT32, exampleShapes);
      Set<String> backboneNames = new HashSet<>();
      for (Pair<String, Parameter> p : network.getParameters()) {
        if (backbone.contains(p.getValue())) {
          backboneNames.add(p.getKey());
        }
      }
      return new AssembledCtrModel(variant, dataset, selector, features, shares, summary, network, own, backboneNames,
          lowerCalls, llm::inference, upperLayers);
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** A cache of the item titles' token states from the frozen {@code lower(k)}, filled as titles are met. */
  private static ItemTokenStates itemTokenStates(LayeredLanguageModel llm, BehaviorSelector selector,
      ExperimentConfig config) {
    int d = llm.descriptor().hiddenSize();
    TokenStateCache cache = new TokenStateCache(llm.lower(config.backbone().splitLayer()), llm.tokenizer(),
        config.sequence().itemTokens(), d);
    return new ItemTokenStates(selector, cache, d);
  }

  private static void checkStore(BehaviorStore store, BehaviorEncoder encoder, ModelDescriptor desc, int k) {
    if (store == null) {
      throw new IllegalArgumentException("variant bahe needs a behaviour store");
    }
    StoreMetadata meta = store.metadata();
    if (meta.dimension() != desc.hiddenSize()) {
      throw new IllegalArgumentException("the behaviour store holds " + meta.dimension() + "-d vectors but backbone "
          + desc.name() + " has hidden size " + desc.hiddenSize());
    }
    if (meta.encoder().splitLayer() != k) {
      throw new IllegalArgumentException("the behaviour store was encoded at split layer "
          + meta.encoder().splitLayer() + " but backbone.splitLayer is " + k);
    }
    if (!meta.encoder().weightsChecksum().equals(desc.weightsChecksum())) {
      throw new IllegalArgumentException("the behaviour store was encoded with other weights ("
          + meta.encoder().modelName() + ", " + meta.encoder().weightsChecksum() + ") than backbone " + desc.name()
          + " (" + desc.weightsChecksum() + ")");
    }
    if (encoder != null && !encoder.identity().equals(meta.encoder())) {
      throw new IllegalArgumentException("the encoder " + encoder.identity()
          + " differs from the one that wrote the behaviour store " + meta.encoder());
    }
  }

  /**
   * Makes a learned-position backbone accept {@code length} positions: extends its table (Longformer's copy
   * initialisation, the new rows train with the model) when it is shorter, refuses when it cannot be extended.
   */
  private static void fitPositions(LayeredLanguageModel llm, String key, int length) {
    ModelDescriptor desc = llm.descriptor();
    if (length <= desc.maxPositions()) {
      return;
    }
    try {
      llm.extendPositions(length);
    } catch (UnsupportedOperationException e) {
      requireFits(key, length, desc);
    }
    LOG.warn("{} = {} exceeds the {} learned positions of backbone {}: extended its position table to {} rows, "
        + "rows {}.. initialised as copies of rows 0..{} (Longformer) and trained with the model; outputs on "
        + "texts of at most {} tokens are unchanged", key, length, desc.maxPositions(), desc.name(), length,
        desc.maxPositions(), desc.maxPositions() - 1, desc.maxPositions());
    if (llm.descriptor().maxPositions() < length) {
      throw new IllegalStateException("backbone " + desc.name() + " did not extend its positions to " + length);
    }
  }

  private static void requireFits(String key, int length, ModelDescriptor desc) {
    if (length > desc.maxPositions()) {
      throw new IllegalArgumentException(key + " = " + length + " exceeds the " + desc.maxPositions()
          + " learned positions of backbone " + desc.name());
    }
  }

  /**
   * The trainable behaviour position table {@code [m, d]}: a copy of the backbone's position rows 0..m-1; a table
   * longer than the backbone's (a merged sequence of all types, or {@code M} above it) repeats its rows
   * (Longformer's copy initialisation), row {@code j} starting as row {@code j mod P}.
   */
  private static Parameter behaviorPositions(LayeredLanguageModel llm, NDManager own, int m, int d) {
    NDArray table = llm.positionEmbeddings().orElseThrow(() -> new IllegalArgumentException(
        "backbone " + llm.descriptor().name() + " declares learned positions but has no position table"));
    int available = Math.toIntExact(table.getShape().get(0));
    float[] pretrained = table.get(new NDIndex("0:{}", Math.min(m, available))).toFloatArray();
    float[] rows = new float[Math.multiplyExact(m, d)];
    for (int j = 0; j < m; j++) {
      System.arraycopy(pretrained, (j % available) * d, rows, j * d, d);
    }
    if (m > available) {
      LOG.warn("a user sequence of up to {} behaviours exceeds the {} learned positions of backbone {}: "
          + "behaviour positions {}.. start as copies of rows 0..{} (Longformer) and train with the model", m,
          available, llm.descriptor().name(), available, available - 1);
    }
    NDArray init = own.create(rows, new Shape(m, d));
    return Parameter.builder()
        .setName("behaviorPositions")
        .setType(Parameter.Type.WEIGHT)
        .optArray(init)
        .optShape(new Shape(m, d))
        .build();
  }

  private static void addAll(Set<Parameter> set, Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      set.add(p.getValue());
    }
  }

  private static Shape[] tokenShapes(int rows) {
    Shape ids = new Shape(rows, 8);
    Shape item = new Shape(1, 8);
    return new Shape[] {ids, ids, ids, item, item, item};
  }

  private static Shape[] stateShapes(int rows, int length, int d) {
    Shape mask = new Shape(rows, length);
    Shape item = new Shape(1, 1);
    return new Shape[] {new Shape(rows, length, d), mask, mask, new Shape(1, 1, d), item, item};
  }
}
