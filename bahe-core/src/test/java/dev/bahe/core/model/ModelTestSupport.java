package dev.bahe.core.model;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.DimensionReducer;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.encoders.TinyBert;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared fixtures of the model tests: a tiny dataset, a tiny config, registered components. */
public final class ModelTestSupport {

  public static final BehaviorType LIKED = BehaviorType.of("liked");
  public static final BehaviorType DISLIKED = BehaviorType.of("disliked");
  public static final int SPLIT = 1;

  private static final Injector COMPONENTS =
      Guice.createInjector(new EncodersModule(), new HeadsModule(), new StoresModule());

  private ModelTestSupport() {}

  /** A 2-layer random BERT, hidden 32, with the real MiniLM tokenizer. */
  public static LayeredLanguageModel tinyBert() {
    return TinyBert.create(11L, 2, 32, 4, 64);
  }

  /** The tiny test configuration for {@code variant}, with extra overrides. */
  public static ExperimentConfig config(Variant variant, String... overrides) {
    List<String> all = new ArrayList<>(List.of(
        "variant=" + variant.id(),
        "backbone.name=tiny-bert",
        "backbone.splitLayer=" + SPLIT,
        "encoder.splitLayer=" + SPLIT,
        "encoder.maxTokens=16",
        "reducer.outputDim=8",
        "head.hiddenSizes=[16]",
        "head.dropout=0.0",
        "store.name=memory",
        "sequence.maxBehaviorsPerType=4",
        "sequence.textLength=96",
        "sequence.behaviorTokens=16",
        "sequence.itemTokens=16",
        "training.batchSize=8",
        "training.epochs=1",
        "training.warmupSteps=0"));
    all.addAll(List.of(overrides));
    return new ConfigLoader().load(null, all);
  }

  public static Pooling pooling(String name) {
    return registry(new TypeLiteral<Map<String, Pooling>>() {}).get(name);
  }

  public static DimensionReducer reducer(String name) {
    return registry(new TypeLiteral<Map<String, DimensionReducer>>() {}).get(name);
  }

  public static CtrHead head(String name) {
    return registry(new TypeLiteral<Map<String, CtrHead>>() {}).get(name);
  }

  public static BehaviorStoreFactory storeFactory(String name) {
    return registry(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}).get(name);
  }

  private static <T> Map<String, T> registry(TypeLiteral<Map<String, T>> type) {
    return COMPONENTS.getInstance(Key.get(type));
  }

  /** Builds a variant with the configured components; BAHE gets {@code store} and {@code encoder}. */
  public static TextCtrModel build(ExperimentConfig config, Dataset dataset, LayeredLanguageModel llm,
      BehaviorStore store, BehaviorEncoder encoder) {
    return ModelAssembly.build(config, dataset, llm, pooling(config.pooling()), reducer(config.reducer().name()),
        head(config.head().name()), store, encoder);
  }

  /** The identity of a lower-part encoder of {@code llm} at the test split with mean pooling. */
  public static EncoderIdentity identity(LayeredLanguageModel llm, int split, int maxTokens) {
    ModelDescriptor d = llm.descriptor();
    return new EncoderIdentity(d.name(), d.weightsChecksum(), split, "mean", d.hiddenSize(), maxTokens);
  }

  /** An empty in-memory store for vectors of {@code llm}'s lower part. */
  public static BehaviorStore memoryStore(LayeredLanguageModel llm) {
    return memoryStore(llm, SPLIT);
  }

  public static BehaviorStore memoryStore(LayeredLanguageModel llm, int split) {
    return storeFactory("memory").open(new StoreOptions("memory", "", "float32"),
        new StoreMetadata(identity(llm, split, 16), "float32"));
  }

  /** The registered {@code "djl"} encoder: {@code lower(split)} of {@code llm}, mean pooling, K = 16. */
  public static BehaviorEncoder djlEncoder(LayeredLanguageModel llm, int split) {
    return registry(new TypeLiteral<Map<String, BehaviorEncoderFactory>>() {}).get("djl")
        .create(llm, pooling("mean"), "mean", new EncoderOptions("djl", split, "mean", 16, 4096));
  }

  /** The {@code "djl"} encoder at the test split, counting its calls. */
  public static CountingEncoder countingEncoder(LayeredLanguageModel llm) {
    return new CountingEncoder(djlEncoder(llm, SPLIT));
  }

  /** An empty in-memory store for the vectors of {@code encoder}. */
  public static BehaviorStore memoryStore(BehaviorEncoder encoder) {
    return storeFactory("memory").open(new StoreOptions("memory", "", "float32"),
        new StoreMetadata(encoder.identity(), "float32"));
  }

  /**
   * A behaviour encoder (the frozen lower part) that counts its calls, so a test can prove the lower part was
   * or was not run.
   */
  public static final class CountingEncoder implements BehaviorEncoder {

    private final BehaviorEncoder delegate;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger texts = new AtomicInteger();

    public CountingEncoder(BehaviorEncoder delegate) {
      this.delegate = delegate;
    }

    @Override
    public EncoderIdentity identity() {
      return delegate.identity();
    }

    @Override
    public float[] encode(List<String> batch) {
      calls.incrementAndGet();
      texts.addAndGet(batch.size());
      return delegate.encode(batch);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** Encodes every behaviour and item text of {@code dataset} into {@code store} (a complete ABE run). */
  public static void fillStore(Dataset dataset, BehaviorStore store, BehaviorEncoder encoder) {
    Map<Long, String> texts = new LinkedHashMap<>();
    for (UserHistory h : dataset.histories().values()) {
      for (BehaviorType t : dataset.types()) {
        for (Behavior b : h.all(t)) {
          String n = dev.bahe.api.key.BehaviorKeys.normalize(b.text());
          texts.putIfAbsent(dev.bahe.api.key.BehaviorKeys.keyOfNormalized(n), n);
        }
      }
    }
    for (Item item : dataset.items().values()) {
      String n = dev.bahe.api.key.BehaviorKeys.normalize(item.text());
      texts.putIfAbsent(dev.bahe.api.key.BehaviorKeys.keyOfNormalized(n), n);
    }
    long[] k = texts.keySet().stream().mapToLong(Long::longValue).toArray();
    String[] s = texts.values().toArray(String[]::new);
    store.putAll(k, s, encoder.encode(List.of(s)));
    store.flush();
  }

  private static final String[] TOPICS = {"space rockets", "cooking pasta", "jazz piano", "mountain hiking"};

  /**
   * A small dataset: 2 types, 8 items of 4 topics, 6 users whose behaviours alternate between types at times
   * 10, 20, ..., 120, and impressions at times 55 and 125.
   */
  public static Dataset tinyDataset() {
    Map<String, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      items.put("i" + i, new Item("i" + i, "item " + i + " about " + TOPICS[i % 4]));
    }
    Map<String, UserHistory> histories = new LinkedHashMap<>();
    List<Impression> impressions = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      List<Behavior> behaviors = new ArrayList<>();
      for (int j = 1; j <= 12; j++) {
        BehaviorType type = j % 3 == 0 ? DISLIKED : LIKED;
        behaviors.add(new Behavior(type, j * 10L, "watched " + TOPICS[(u + j) % 4] + " video number " + j));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
      impressions.add(new Impression("u" + u, "i" + (u % 8), 55L, u % 2));
      impressions.add(new Impression("u" + u, "i" + ((u + 3) % 8), 125L, (u + 1) % 2));
    }
    return new Dataset("tiny", List.of(LIKED, DISLIKED), items, histories, impressions);
  }

  /** Distinct texts of a list of lists. */
  static Set<String> textsOf(List<List<AtomicText>> byType) {
    Set<String> out = new LinkedHashSet<>();
    byType.forEach(l -> l.forEach(t -> out.add(t.text())));
    return out;
  }

  /** Stores a distinct random vector for every text, so a gathered row identifies its behaviour. */
  public static Map<String, float[]> putRandom(BehaviorStore store, List<String> texts, int d) {
    Random r = new Random(3);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String t : texts) {
      float[] v = new float[d];
      for (int i = 0; i < d; i++) {
        v[i] = (float) r.nextGaussian();
      }
      store.put(BehaviorKeys.key(t), BehaviorKeys.normalize(t), v);
      out.put(t, v);
    }
    store.flush();
    return out;
  }
}
