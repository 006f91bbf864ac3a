package dev.bahe.examples.experiment;

import com.google.inject.Module;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.abe.AbePipeline;
import dev.bahe.core.abe.AbeProgressListener;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.baseline.CounterGroup;
import dev.bahe.core.baseline.PointInTimeCounters;
import dev.bahe.core.baseline.StatsModel;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.export.IdDnnModel;
import dev.bahe.core.export.RepresentationExporter;
import dev.bahe.core.export.RepresentationTable;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingListener;
import dev.bahe.core.train.TrainingResult;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadedDataset;
import dev.bahe.examples.data.SyntheticData;
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
 * One measured experiment run end to end, as the ablation, length-sweep, pooling and demo experiments run it:
 * load and split the data, encode atomic behaviours into the store (ABE), build the configured variant from the
 * components selected by name ({@link ExperimentSession}), train, evaluate, export representations and train the
 * downstream ID-feature DNN ({@code AUC_d}); or fit and evaluate a baseline without text ({@link #stats()},
 * {@link #productionDnn()}, {@link #idOnlyDnn()}) on the same training impressions, or score the synthetic
 * generator's own probabilities on the same test impressions ({@link #oracle()}). Closing it releases the
 * session's backbone, encoder and store.
 */
public final class ExperimentPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentPipeline.class);

  private final ExperimentConfig config;
  private final ExperimentSession session;
  private final LoadedDataset loaded;
  private final DatasetSplit split;
  private final Path output;
  private final EvalBudget evalBudget;
  private PointInTimeCounters counters;
  private List<CounterGroup> transferringGroups;

  private ExperimentPipeline(ExperimentConfig config, EvalBudget evalBudget, List<Module> plugins) {
    this.config = config.withDefaultStorePath();
    this.evalBudget = evalBudget;
    this.output = Path.of(this.config.outputOrDefault());
    this.session = new ExperimentSession(this.config, plugins.toArray(Module[]::new));
    this.loaded = Datasets.loadWithReport(this.config.data());
    this.split = TimeSplitter.split(loaded.dataset(), this.config.data());
    LOG.info("dataset {}: {} impressions, split {} / {} / {} (train / valid / test)", loaded.dataset().name(),
        loaded.dataset().impressions().size(), split.train().size(), split.valid().size(), split.test().size());
  }

  /**
   * Builds the injector (unknown component names fail here) and loads the data.
   *
   * @param evalBudget how many validation and test impressions to use (evenly spaced subsets)
   */
  public static ExperimentPipeline open(ExperimentConfig config, EvalBudget evalBudget, List<Module> plugins) {
    return new ExperimentPipeline(config, evalBudget, plugins);
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
    AbePipeline.Builder pipeline = AbePipeline.builder()
        .setEncoder(session.get(BehaviorEncoder.class))
        .setStore(session.get(BehaviorStore.class))
        .optMaxTokensPerBatch(config.encoder().maxTokensPerBatch())
        .optTokenizer(session.get(LayeredLanguageModel.class).tokenizer());
    if (listener != null) {
      pipeline.optProgressListener(listener);
    }
    return pipeline.build().run(loaded.dataset());
  }

  /** Builds the configured variant; for BAHE the store must hold the behaviours (see {@link #encode}). */
  public TextCtrModel buildModel() {
    return session.get(ModelFactory.class).create(loaded.dataset());
  }

  /**
   * Trains {@code model} on the train split with early stopping on the validation split; the best checkpoint goes
   * to {@link #checkpointDir(String)} of {@code runLabel}.
   */
  public TrainingResult train(TextCtrModel model, String runLabel, TrainingListener listener) {
    Trainer.Builder trainer = Trainer.builder()
        .setConfig(config)
        .optDatasetName(loaded.dataset().name())
        .optCheckpointDir(checkpointDir(runLabel));
    if (listener != null) {
      trainer.optListener(listener);
    }
    return trainer.build().fit(model, split.train(), valid());
  }

  /**
   * Where the best checkpoint of the run {@code runLabel} is kept: {@code <output>/checkpoints/<runLabel>-T<T>}, so
   * two runs of one variant in an experiment (a demo's time-matched BAHE, a pooling sweep) keep their own.
   */
  public Path checkpointDir(String runLabel) {
    return output.resolve("checkpoints").resolve(runLabel + "-T" + config.sequence().textLength());
  }

  /** Evaluates on the (possibly subsampled) test split; writes predictions when {@code predictions} is not null. */
  public Evaluation test(TextCtrModel model, Path predictions) {
    return evaluator().evaluate("test", model, test(), predictions);
  }

  /** The validation impressions used: an evenly spaced subset when the budget caps validation. */
  public List<Impression> valid() {
    return subset(split.valid(), evalBudget.validSamples());
  }

  /** The test impressions used: an evenly spaced subset when the budget caps testing. */
  public List<Impression> test() {
    return subset(split.test(), evalBudget.testSamples());
  }

  /**
   * Exports {@code Q_u} for the training (capped like training), validation and test impressions and {@code Q_i}
   * for every item, then trains the production-style ID model ({@code dnn}) with those representations as extra
   * features ({@code dnn+repr}) and returns its test evaluation: the paper's {@code AUC_d}, whose base is
   * {@link #productionDnn()}.
   */
  public Evaluation downstreamWithRepresentations(TextCtrModel model) {
    Path dir = output.resolve("representations").resolve(config.variant().id() + "-T"
        + config.sequence().textLength());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    List<Impression> train = trainSubset();
    List<Impression> valid = valid();
    List<Impression> test = test();
    List<Impression> all = new ArrayList<>(train);
    all.addAll(valid);
    all.addAll(test);
    RepresentationExporter exporter =
        new RepresentationExporter(config.training().effectiveMicroBatchSize());
    Path users = dir.resolve("q_u.bin");
    Path items = dir.resolve("q_i.bin");
    exporter.exportUsers(model, all, users);
    Set<String> itemIds = new LinkedHashSet<>();
    all.forEach(i -> itemIds.add(i.itemId()));
    exporter.exportItems(model, itemIds, items);
    return downstream(RepresentationTable.load(users, items)).test();
  }

  /**
   * Trains the production-style ID model with the exported representations of {@code table} as extra features
   * ({@code dnn+repr}) on the training impressions used, early-stopping on the validation ones, and tests it: the
   * {@code AUC_d} step of {@link #downstreamWithRepresentations} on representations exported before.
   */
  public BaselineResult downstream(RepresentationTable table) {
    return trainAndTest(productionDnnBuilder().optRepresentations(table));
  }

  /**
   * The production-style ID model ({@code dnn}): user and item ids, the user's history as hashed behaviour ids (the
   * most recent {@code sequence.maxBehaviorsPerType} of each type before the impression) and the point-in-time
   * counters of {@link #stats()}; the paper's "DNN" row and the base of {@code AUC_d}.
   */
  public BaselineResult productionDnn() {
    return trainAndTest(productionDnnBuilder());
  }

  /** The ID-only DNN ({@code dnn-id}): user and item ids alone. */
  public BaselineResult idOnlyDnn() {
    return trainAndTest(IdDnnModel.builder().setVocabulary(trainSubset()).optSeed(config.training().seed()));
  }

  /**
   * The {@code stats} baseline: a logistic regression on point-in-time counters of the same training impressions
   * as the text models, its counter groups chosen on the validation impressions used for early stopping.
   *
   * @throws IllegalArgumentException naming the problem when the training impressions are not of both classes
   */
  public BaselineResult stats() {
    long start = System.nanoTime();
    List<Impression> train = trainSubset();
    try (StatsModel model = StatsModel.builder().setCounters(counters()).setTraining(train).optValidation(valid())
        .build()) {
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("stats: kept counter groups {}, coefficients {}", model.keptGroups(), model.coefficients());
      return new BaselineResult(model.name(), evaluator().evaluate("test", model, test()), seconds, train.size());
    }
  }

  private IdDnnModel.Builder productionDnnBuilder() {
    return IdDnnModel.builder().setVocabulary(trainSubset()).optSeed(config.training().seed())
        .optHistory(loaded.dataset(), loaded.dataset().types(), config.sequence().maxBehaviorsPerType(),
            IdDnnModel.DEFAULT_HISTORY_BUCKETS)
        .optCounters(counters(), transferringGroups());
  }

  /**
   * The counter groups {@code stats} keeps on the validation split: the production-style DNN reads these only, since
   * a group that does not carry into later impressions is one a DNN learns from too (on MovieLens the user's own
   * earlier labels, empty for the mostly new test users, made its test AUC 0.7415 or 0.7224 by seed alone).
   */
  private synchronized List<CounterGroup> transferringGroups() {
    if (transferringGroups == null) {
      try (StatsModel model = StatsModel.builder().setCounters(counters()).setTraining(trainSubset())
          .optValidation(valid()).build()) {
        transferringGroups = model.keptGroups();
      }
      LOG.info("dnn reads the counter groups stats kept on validation: {}", transferringGroups);
    }
    return transferringGroups;
  }

  /** The counters of the training impressions used, built once per pipeline. */
  private synchronized PointInTimeCounters counters() {
    if (counters == null) {
      counters = PointInTimeCounters.of(loaded.dataset(), trainSubset());
    }
    return counters;
  }

  /**
   * The {@code oracle} baseline: the synthetic generator's own click probabilities
   * ({@link SyntheticData#trueLogit}) scored on the same test impressions as the models, i.e. the Bayes ceiling of
   * AUC, LogLoss and GAUC that shows how much of the learnable signal a model captured. Nothing is fitted.
   *
   * @throws IllegalArgumentException when the dataset is not synthetic (only the generator knows the probabilities)
   */
  public BaselineResult oracle() {
    SyntheticData truth = loaded.synthetic().orElseThrow(() -> new IllegalArgumentException("the oracle baseline"
        + " needs the generator's click probabilities, so it runs only with data.source=synthetic (dataset "
        + loaded.dataset().name() + " is from data.source '" + config.data().source() + "')"));
    long start = System.nanoTime();
    Evaluation test = OracleEvaluation.evaluate("test", truth, test());
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("oracle (Bayes ceiling) on test: {}", test);
    return new BaselineResult(PlannedRun.ORACLE, test, seconds, 0);
  }

  private BaselineResult trainAndTest(IdDnnModel.Builder builder) {
    try (IdDnnModel dnn = builder.build()) {
      LearningCurveRecorder recorder = new LearningCurveRecorder();
      TrainingResult training = Trainer.builder().setConfig(config).optDatasetName(loaded.dataset().name())
          .optListener(recorder).build().fit(dnn, trainSubset(), valid());
      long samples = Math.round(training.trainSamplesPerSecond() * training.trainSeconds());
      return new BaselineResult(dnn.name(), evaluator().evaluate("test", dnn, test()), training.trainSeconds(),
          samples, recorder.curve());
    }
  }

  private List<Impression> trainSubset() {
    int cap = config.training().maxTrainSamples();
    return cap > 0 && cap < split.train().size() ? split.train().subList(0, cap) : split.train();
  }

  private Evaluator evaluator() {
    return Evaluator.forTraining(config.training());
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
  @Override
  public void close() {
    session.close();
  }
}
