package dev.bahe.spark.score;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint opened for scoring the way {@code bahe evaluate} opens it — its saved configuration selects the
 * components by name, the core's {@link ModelFactory} builds the variant, {@link Checkpoints#load} loads and
 * checksums the parameters — except that the behaviour store is an in-memory store holding the ABE table's vectors
 * that the tasks of this JVM brought with them ({@link #addVectors}), created with the table's metadata, so the
 * core's own feature path (selection, store gather, upper layers, head) computes every score.
 *
 * <p>The model's catalogue is the history table's behaviour types only: the job passes every sample's history window
 * and item itself ({@code TextCtrModel.sampleFeatures}). Shared by the JVM's concurrent tasks: inference is
 * thread-safe, and vectors are added under this object's lock (one store writer at a time).
 */
final class ScoringModel implements AutoCloseable {

  private final TextCtrModel model;
  private final BehaviorStore store;
  private final BehaviorEncoder encoder;
  private final LayeredLanguageModel backbone;
  private final CheckpointProvenance provenance;

  private ScoringModel(TextCtrModel model, BehaviorStore store, BehaviorEncoder encoder,
      LayeredLanguageModel backbone, CheckpointProvenance provenance) {
    this.model = model;
    this.store = store;
    this.encoder = encoder;
    this.backbone = backbone;
    this.provenance = provenance;
  }

  /**
   * Opens the checkpoint in {@code checkpoint} over an empty store of {@code metadata}.
   *
   * @param backbonePath where the configuration's backbone file is on this JVM, or null to keep its path
   */
  static ScoringModel open(Path checkpoint, String backbonePath, List<String> types, StoreMetadata metadata) {
    ExperimentConfig config = withBackbonePath(ScoringCheckpoint.config(checkpoint), backbonePath);
    Map<String, BehaviorStoreFactory> factories = Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
    BehaviorStore store = factories.get("memory").open(new StoreOptions("memory", "", metadata.dtype(), null),
        metadata);
    Injector injector = Guice.createInjector(new ExperimentModule(config),
        Modules.override(new EncodersModule(), new StoresModule(), new HeadsModule(), new CoreModule())
            .with(new AbstractModule() {
              @Override
              protected void configure() {
                bind(BehaviorStore.class).toInstance(store);
              }
            }));
    LayeredLanguageModel backbone = injector.getInstance(LayeredLanguageModel.class);
    BehaviorEncoder encoder = null;
    TextCtrModel model = null;
    try {
      // the encoder is never asked to encode (every vector comes from the ABE table); the model checks that its
      // identity is the one that wrote the store
      encoder = injector.getInstance(BehaviorEncoder.class);
      Dataset catalogue = new Dataset("spark-score", types.stream().map(BehaviorType::of).toList(), Map.of(),
          Map.of(), List.of());
      model = injector.getInstance(ModelFactory.class).create(catalogue);
      CheckpointProvenance provenance = Checkpoints.load(checkpoint, model);
      return new ScoringModel(model, store, encoder, backbone, provenance);
    } catch (RuntimeException e) {
      if (model != null) {
        model.close();
      }
      if (encoder != null) {
        encoder.close();
      }
      store.close();
      backbone.close();
      throw e;
    }
  }

  private static ExperimentConfig withBackbonePath(ExperimentConfig c, String path) {
    if (path == null) {
      return c;
    }
    BackboneOptions b = new BackboneOptions(c.backbone().name(), path, c.backbone().splitLayer());
    return new ExperimentConfig(c.variant(), b, c.encoder(), c.pooling(), c.reducer(), c.head(), c.store(),
        c.sequence(), c.training(), c.alignment(), c.data(), c.output());
  }

  TextCtrModel model() {
    return model;
  }

  CheckpointProvenance provenance() {
    return provenance;
  }

  /** Adds the vectors of {@code keys} the store does not hold yet ({@code vectors} row-major, {@code d} each). */
  synchronized void addVectors(long[] keys, String[] texts, float[] vectors) {
    int d = store.dimension();
    int n = 0;
    for (long key : keys) {
      if (!store.contains(key)) {
        n++;
      }
    }
    if (n == 0) {
      return;
    }
    long[] k = new long[n];
    String[] t = new String[n];
    float[] v = new float[n * d];
    int j = 0;
    for (int i = 0; i < keys.length; i++) {
      if (!store.contains(keys[i])) {
        k[j] = keys[i];
        t[j] = texts[i];
        System.arraycopy(vectors, i * d, v, j * d, d);
        j++;
      }
    }
    store.putAll(k, t, v);
    store.flush();
  }

  /** Vectors held. */
  long storedVectors() {
    return store.size();
  }

  @Override
  public synchronized void close() {
    model.close();
    encoder.close();
    store.close();
    backbone.close();
  }
}
