package dev.bahe.examples.experiment;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.abe.AbePipeline;
import dev.bahe.core.abe.AbeProgressListener;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.export.IdDnnModel;
import dev.bahe.core.export.RepresentationExporter;
import dev.bahe.core.export.RepresentationTable;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingListener;
import dev.bahe.core.train.TrainingResult;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadedDataset;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One experiment end to end, shared by the {@code train}, {@code evaluate}, {@code export}, {@code demo} and
 * ablation commands: load and split the data, encode atomic behaviours into the store (ABE), build the
 * configured variant from the components selected by name, train, evaluate, export representations and train
 * the downstream ID-feature DNN ({@code AUC_d}).
 *
 * <p>The components come from a Guice injector over the built-in modules plus any plugin modules given, so a
 * plugin's component is used by naming it in the configuration. Closing the session releases the model's
 * backbone, the encoder and the store.
 */
public final class ExperimentSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentSession.class);

  private final ExperimentConfig config;
  private final Injector injector;
  private final LoadedDataset loaded;
  private final DatasetSplit split;
  private final Path output;
  private boolean storeOpened;
  private boolean backboneLoaded;

  private ExperimentSession(ExperimentConfig config, List<Module> plugins) {
    this.config = withDefaultStorePath(config);
    this.output = Path.of(this.config.output().isEmpty() ? "bahe-output" : this.config.output());
    List<Module> modules = new ArrayList<>(List.of(new ExperimentModule(this.config), new EncodersModule(),
        new StoresModule(), new HeadsModule(), new CoreModule()));
    modules.addAll(plugins);
    this.injector = Guice.createInjector(modules);
    this.loaded = Datasets.loadWithReport(this.config.data());
    this.split = TimeSplitter.split(loaded.dataset(), this.config.data());
    LOG.info("dataset {}: {} impressions, split {} / {} / {} (train / valid / test)", loaded.dataset().name(),
        loaded.dataset().impressions().size(), split.train().size(), split.valid().size(), split.test().size());
  }

  /** Opens a session: builds the injector (unknown component names fail here) and loads the data. */
  public static ExperimentSession open(ExperimentConfig config, List<Module> plugins) {
    return new ExperimentSession(config, plugins);
  }

  public ExperimentConfig config() {
    return config;
  }

  public LoadedDataset data() {
    return loaded;
  }

  public DatasetSplit split() {
    return split;
  }

  public Path output() {
    return output;
  }

  /**
   * Runs ABE: every unique behaviour and item text not yet in the store goes through the frozen lower layers
   * into the store. Resumable: an interrupted run continues where it stopped.
   */
  public AbeReport encode(AbeProgressListener listener) {
    BehaviorStore store = store();
    AbePipeline.Builder pipeline = AbePipeline.builder()
        .setEncoder(injector.getInstance(BehaviorEncoder.class))
        .setStore(store)
        .optMaxTokensPerBatch(config.encoder().maxTokensPerBatch())
        .optTokenizer(backbone().tokenizer());
    if (listener != null) {
      pipeline.optProgressListener(listener);
    }
    return pipeline.build().run(loaded.dataset());
  }

  /** Builds the configured variant; for BAHE the store must hold the behaviours (see {@link #encode}). */
  public TextCtrModel buildModel() {
    backboneLoaded = true;
    if (config.variant() == Variant.BAHE) {
      storeOpened = true;
    }
    return injector.getInstance(ModelFactory.class).create(loaded.dataset());
  }

  /** Trains {@code model} on the train split with early stopping on the validation split. */
  public TrainingResult train(TextCtrModel model, TrainingListener listener) {
    Trainer.Builder trainer = Trainer.builder()
        .setConfig(config)
        .optDatasetName(loaded.dataset().name())
        .optCheckpointDir(checkpointDir());
    if (listener != null) {
      trainer.optListener(listener);
    }
    return trainer.build().fit(model, split.train(), valid(0));
  }

  /** Where the best checkpoint of this configuration is kept. */
  public Path checkpointDir() {
    return output.resolve("checkpoints").resolve(config.variant().id() + "-T" + config.sequence().textLength());
  }

  /**
   * Evaluates on the test split; {@code maxSamples > 0} evaluates an evenly spaced subset of that size (for
   * long-text variants measured on a CPU budget). Writes predictions when {@code predictions} is not null.
   */
  public Evaluation test(TextCtrModel model, int maxSamples, Path predictions) {
    return evaluator().evaluate("test", model, subset(split.test(), maxSamples), predictions);
  }

  /** The validation impressions, or an evenly spaced subset of {@code maxSamples} of them. */
  public List<Impression> valid(int maxSamples) {
    return subset(split.valid(), maxSamples);
  }

  /**
   * Exports {@code Q_u} for the training (capped like training), validation and test impressions and {@code Q_i}
   * for every item, then trains the ID-feature DNN with those representations as extra features and returns
   * its test evaluation: the paper's {@code AUC_d}.
   */
  public Evaluation downstreamWithRepresentations(TextCtrModel model, int maxEvalSamples) {
    Path dir = output.resolve("representations").resolve(config.variant().id() + "-T"
        + config.sequence().textLength());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    List<Impression> train = trainSubset();
    List<Impression> valid = valid(maxEvalSamples);
    List<Impression> test = subset(split.test(), maxEvalSamples);
    List<Impression> all = new ArrayList<>(train);
    all.addAll(valid);
    all.addAll(test);
    RepresentationExporter exporter = new RepresentationExporter(Math.max(64, config.training().batchSize()));
    Path users = dir.resolve("q_u.bin");
    Path items = dir.resolve("q_i.bin");
    exporter.exportUsers(model, all, users);
    Set<String> itemIds = new LinkedHashSet<>();
    all.forEach(i -> itemIds.add(i.itemId()));
    exporter.exportItems(model, itemIds, items);
    RepresentationTable table = RepresentationTable.load(users, items);
    return idDnn(table, train, valid, test);
  }

  /** The ID-only DNN (no text): the paper's "DNN" row. */
  public Evaluation idOnlyDnn(int maxEvalSamples) {
    return idDnn(null, trainSubset(), valid(maxEvalSamples), subset(split.test(), maxEvalSamples));
  }

  private Evaluation idDnn(RepresentationTable table, List<Impression> train, List<Impression> valid,
      List<Impression> test) {
    IdDnnModel.Builder builder = IdDnnModel.builder().setVocabulary(train).optSeed(config.training().seed());
    if (table != null) {
      builder.optRepresentations(table);
    }
    try (IdDnnModel dnn = builder.build()) {
      Trainer.builder().setConfig(config).optDatasetName(loaded.dataset().name()).build()
          .fit(dnn, train, valid);
      return evaluator().evaluate("test", dnn, test);
    }
  }

  private List<Impression> trainSubset() {
    int cap = config.training().maxTrainSamples();
    return cap > 0 && cap < split.train().size() ? split.train().subList(0, cap) : split.train();
  }

  private Evaluator evaluator() {
    return new Evaluator(Math.max(64, config.training().batchSize()));
  }

  private BehaviorStore store() {
    storeOpened = true;
    backboneLoaded = true;
    return injector.getInstance(BehaviorStore.class);
  }

  private LayeredLanguageModel backbone() {
    backboneLoaded = true;
    return injector.getInstance(LayeredLanguageModel.class);
  }

  /** Evenly spaced subset of at most {@code max} impressions (all when {@code max <= 0}), order kept. */
  static List<Impression> subset(List<Impression> impressions, int max) {
    if (max <= 0 || impressions.size() <= max) {
      return impressions;
    }
    List<Impression> out = new ArrayList<>(max);
    double stride = impressions.size() / (double) max;
    for (int i = 0; i < max; i++) {
      out.add(impressions.get((int) (i * stride)));
    }
    return out;
  }

  /**
   * An empty store path means "next to the other outputs, one store per encoder configuration", so stores of
   * different split layers or poolings never meet.
   */
  private static ExperimentConfig withDefaultStorePath(ExperimentConfig config) {
    StoreOptions store = config.store();
    if (!store.path().isEmpty()) {
      return config;
    }
    String out = config.output().isEmpty() ? "bahe-output" : config.output();
    String name = String.format("store-%s-k%d-%s-K%d-%s", store.name(), config.encoder().splitLayer(),
        config.encoder().pooling(), config.encoder().maxTokens(), store.dtype());
    StoreOptions resolved = new StoreOptions(store.name(), Path.of(out, name).toString(), store.dtype());
    return new ExperimentConfig(config.variant(), config.backbone(), config.encoder(), config.pooling(),
        config.reducer(), config.head(), resolved, config.sequence(), config.training(), config.data(),
        config.output());
  }

  @Override
  public void close() {
    if (storeOpened) {
      injector.getInstance(BehaviorStore.class).close();
      injector.getInstance(BehaviorEncoder.class).close();
    }
    if (backboneLoaded) {
      injector.getInstance(LayeredLanguageModel.class).close();
    }
  }
}
