package dev.bahe.serving;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.DataOptions;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens checkpoints the way {@code bahe evaluate} does: the checkpoint's configuration selects the components by
 * name from the given registry modules (encoders, stores, heads: supplied by the caller, never compiled against
 * here), the {@link ModelFactory} builds the variant over the catalogue, and {@link Checkpoints#load} loads (and
 * checksums) the parameters.
 *
 * <p>The behaviour store and the frozen lower-part encoder that wrote it are opened once, with the first
 * checkpoint, and shared by every checkpoint opened later (a store is opened by one owner at a time): each opened
 * checkpoint gets its own backbone, so a reload never changes the weights of the model still serving. A later
 * checkpoint must name the same store and encoder configuration; one that does not is refused. Opening the store
 * checks its metadata against the encoder, so a store written by another encoder is refused too. The store is
 * wrapped in a {@link WriteBehindStore}: vectors encoded online are scored at once and flushed in the background.
 */
public final class CheckpointModelSource implements ModelSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointModelSource.class);

  private final Function<Path, ExperimentConfig> configs;
  private final Function<DataOptions, Dataset> datasets;
  private final List<Module> components;
  private final Duration flushInterval;
  private final int flushBatch;
  private volatile Shared shared;
  private DataOptions loadedData;
  private Dataset dataset;

  /**
   * @param configs the configuration of a checkpoint directory (its {@code config.yaml} with any overrides, store
   *     path resolved)
   * @param datasets loads the catalogue (items, types, recorded histories) of a data configuration
   * @param components the modules registering the component implementations by name (not the core)
   * @param flushInterval how long an online-encoded vector may wait in memory before the background flush
   * @param flushBatch this many waiting vectors start a background flush at once
   */
  public CheckpointModelSource(Function<Path, ExperimentConfig> configs, Function<DataOptions, Dataset> datasets,
      List<Module> components, Duration flushInterval, int flushBatch) {
    this.configs = Objects.requireNonNull(configs, "configs");
    this.datasets = Objects.requireNonNull(datasets, "datasets");
    this.components = List.copyOf(components);
    this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
    this.flushBatch = flushBatch;
  }

  /** As above, flushing online-encoded vectors every second or at 1,024 waiting. */
  public CheckpointModelSource(Function<Path, ExperimentConfig> configs, Function<DataOptions, Dataset> datasets,
      List<Module> components) {
    this(configs, datasets, components, Duration.ofSeconds(1), 1_024);
  }

  /** The store and encoder opened with the first BAHE checkpoint, with the backbone the encoder runs on. */
  private record Shared(StoreOptions store, EncoderOptions encoder, WriteBehindStore behaviorStore,
      BehaviorEncoder behaviorEncoder, LayeredLanguageModel backbone) {}

  @Override
  public synchronized LoadedModel open(Path checkpoint) {
    Checkpoints.readProvenance(checkpoint);
    ExperimentConfig config = configs.apply(checkpoint);
    Dataset catalogue = catalogue(config.data());
    boolean bahe = config.variant() == Variant.BAHE;
    List<Module> modules = new ArrayList<>(components);
    modules.add(new CoreModule());
    Module wiring = Modules.combine(modules);
    if (bahe) {
      Shared s = shared(config, wiring);
      wiring = Modules.override(wiring).with(new AbstractModule() {
        @Override
        protected void configure() {
          bind(BehaviorStore.class).toInstance(s.behaviorStore());
          bind(BehaviorEncoder.class).toInstance(s.behaviorEncoder());
        }
      });
    }
    Injector injector = Guice.createInjector(new ExperimentModule(config), wiring);
    LayeredLanguageModel backbone = injector.getInstance(LayeredLanguageModel.class);
    TextCtrModel model = null;
    try {
      model = injector.getInstance(ModelFactory.class).create(catalogue);
      CheckpointProvenance p = Checkpoints.load(checkpoint, model);
      String version = p.model() + "-e" + p.epoch() + "-s" + p.step() + "-" + p.parametersSha256().substring(0, 12);
      BehaviorStore store = bahe ? shared.behaviorStore() : null;
      return new LoadedModel(model, catalogue, version, store == null ? () -> 0L : store::size, backbone::close);
    } catch (RuntimeException e) {
      if (model != null) {
        model.close();
      }
      backbone.close();
      throw e;
    }
  }

  private Dataset catalogue(DataOptions data) {
    if (dataset == null || !data.equals(loadedData)) {
      dataset = datasets.apply(data);
      loadedData = data;
    }
    return dataset;
  }

  private Shared shared(ExperimentConfig config, Module wiring) {
    if (shared == null) {
      Injector injector = Guice.createInjector(new ExperimentModule(config), wiring);
      LayeredLanguageModel backbone = injector.getInstance(LayeredLanguageModel.class);
      try {
        BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class);
        WriteBehindStore store = new WriteBehindStore(injector.getInstance(BehaviorStore.class), flushInterval,
            flushBatch);
        shared = new Shared(config.store(), config.encoder(), store, encoder, backbone);
        LOG.info("behaviour store {} open: {} vectors, encoder {}", config.store().path(), store.size(),
            encoder.identity());
      } catch (RuntimeException e) {
        backbone.close();
        throw e;
      }
    } else if (!shared.store().equals(config.store()) || !shared.encoder().equals(config.encoder())) {
      throw new IllegalArgumentException("the checkpoint's store " + config.store() + " / encoder "
          + config.encoder() + " differ from the ones being served (" + shared.store() + " / " + shared.encoder()
          + "); restart the service to change them");
    }
    return shared;
  }

  @Override
  public WriteBehindStore.FlushStats flushStats() {
    Shared s = shared;
    return s == null ? WriteBehindStore.FlushStats.NONE : s.behaviorStore().stats();
  }

  /**
   * Flushes the online-encoded vectors still in memory, then closes the shared store, encoder and their backbone
   * (after every model opened from here is closed).
   */
  @Override
  public synchronized void close() {
    if (shared != null) {
      try {
        shared.behaviorStore().flushNow();
      } catch (RuntimeException e) {
        LOG.error("the last flush of the behaviour store failed: {}", e.toString());
      }
      closeQuietly(shared.behaviorStore());
      closeQuietly(shared.behaviorEncoder());
      closeQuietly(shared.backbone());
      shared = null;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
    }
  }
}
