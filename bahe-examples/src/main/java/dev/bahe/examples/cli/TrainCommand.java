package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.TrainingOptions;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.EpochSummary;
import dev.bahe.core.train.StepProgress;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingListener;
import dev.bahe.core.train.TrainingResult;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadReport;
import dev.bahe.examples.data.LoadedDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe train}: trains the configured variant on the time split of the dataset and evaluates it on the
 * test split. For BAHE the behaviour store is filled first (ABE, resumable, timed separately), so training
 * throughput measures training only. The best epoch (validation AUC) is checkpointed to
 * {@code <output>/checkpoint} with its configuration, for {@code bahe evaluate} and {@code bahe export}.
 *
 * <p>Resumable: every {@code --checkpoint-every} steps and at each epoch end the whole training state goes to
 * {@code <output>/resume/training.state}; after a crash or a kill, the same command with {@code --resume}
 * continues from it (parameters, optimizer moments, schedule, random stream, data order and position in the
 * epoch) and ends as the uninterrupted run would. Without {@code --resume} a run starts from the beginning.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a variant (llm-ctr, fp, abe, bahe) on the time split and evaluate it on the test split.",
        "The best epoch is checkpointed to <output>/checkpoint. Use --max-train-samples / --steps to measure"
            + " throughput of long-text variants in minutes."})
final class TrainCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Mixin
  CommonOptions common;

  @Mixin
  DataSelection data;

  @Spec
  CommandSpec spec;

  @Option(names = "--variant", paramLabel = "NAME", description = "llm-ctr, fp, abe or bahe (variant).")
  String variant;

  @Option(names = "--text-length", paramLabel = "T",
      description = "Total tokens of behaviour text per sample (sequence.textLength).")
  Integer textLength;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (training.epochs).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Impressions per optimizer step (training.batchSize).")
  Integer batchSize;

  @Option(names = "--max-train-samples", paramLabel = "N",
      description = "Use at most N training impressions (training.maxTrainSamples; 0 = all).")
  Integer maxTrainSamples;

  @Option(names = "--steps", paramLabel = "N", description = "Stop after N optimizer steps (training.maxSteps; 0 = no cap).")
  Integer steps;

  @Option(names = "--output", paramLabel = "DIR", description = "Output directory (output) for checkpoint and store.")
  String output;

  @Option(names = "--resume",
      description = "Continue from the training state a killed or crashed run left in <output>/resume"
          + " (starts from the beginning when there is none).")
  boolean resume;

  @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "STEPS",
      description = "Save the resumable training state every this many steps, and at each epoch end"
          + " (default: ${DEFAULT-VALUE}; 0: epoch ends only).")
  int checkpointEvery;

  /**
   * What training did.
   *
   * @param variant the variant trained
   * @param dataset dataset name
   * @param data the dataset load report
   * @param trainImpressions training split size
   * @param validImpressions validation split size
   * @param testImpressions test split size
   * @param abe the ABE report (BAHE only, else null)
   * @param training the trainer's result
   * @param test test-split metrics of the best epoch
   * @param checkpoint checkpoint directory
   * @param peakRssMb peak resident memory of this process
   */
  record Result(String variant, String dataset, LoadReport data, int trainImpressions, int validImpressions,
      int testImpressions, AbeReport abe, TrainingResult training, Evaluation test, String checkpoint,
      double peakRssMb) {}

  @Override
  public Integer call() throws IOException {
    ExperimentConfig config = Configs.withDefaultStorePath(common, overrides());
    LoadedDataset loaded = Datasets.loadWithReport(config.data());
    PrintWriter out = spec.commandLine().getOut();
    out.println(loaded.report().summary());
    out.flush();
    DatasetSplit split = TimeSplitter.split(loaded.dataset(), config.data());
    Path checkpoint = Path.of(config.outputOrDefault(), "checkpoint");
    Path resumeFile = resumeFile(config);
    if (!resume && Files.exists(resumeFile)) {
      LOG.warn("{} holds the state of an unfinished run; starting from the beginning (--resume continues it)",
          resumeFile);
      Files.delete(resumeFile);
    }

    try (ExperimentSession session = new ExperimentSession(config)) {
      AbeReport abe = null;
      if (config.variant() == Variant.BAHE) {
        abe = AbeRunner.run(session, loaded.dataset(), 256, 8, 0);
      }
      try (TextCtrModel model = session.get(ModelFactory.class).create(loaded.dataset())) {
        TrainingOptions t = config.training();
        TrainingResult result;
        try (ProgressBar bar = Progress.bar("train " + config.variant(), plannedSteps(t, split.train().size()),
            "steps")) {
          Trainer trainer = Trainer.builder()
              .setConfig(config)
              .optCheckpointDir(checkpoint)
              .optDatasetName(loaded.dataset().name())
              .optLogEverySteps(0)
              .optResumeFile(resumeFile)
              .optCheckpointEverySteps(checkpointEvery)
              .optListener(new TrainingListener() {
                // the bar redraws on progress, so the last validation rides along with the next steps' message
                private String lastValidation = "";

                @Override
                public void onStep(StepProgress p) {
                  bar.stepTo(p.step());
                  bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.4f%s", p.epoch(), p.runningLoss(),
                      lastValidation));
                }

                @Override
                public void onEpoch(EpochSummary e) {
                  lastValidation = String.format(Locale.ROOT, "; epoch %d valid AUC %.4f", e.epoch(), e.validAuc());
                  bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d: valid AUC %.4f%s", e.epoch(),
                      e.validAuc(), e.improved() ? " (best)" : ""));
                }
              })
              .build();
          result = trainer.fit(model, split);
        }
        Evaluation test = Evaluator.forTraining(t).evaluate("test", model, split.test());
        Result r = new Result(config.variant().id(), loaded.dataset().name(), loaded.report(), split.train().size(),
            split.valid().size(), split.test().size(), abe, result, test, checkpoint.toString(),
            SystemInfo.peakRssMb());
        out.printf(Locale.ROOT, "%s on %s: %d epochs, %d steps, %.1f s training, %.1f samples/s, best epoch %d"
                + " (valid AUC %.4f)%n", r.variant(), r.dataset(), result.epochsRun(), result.steps(),
            result.trainSeconds(), result.trainSamplesPerSecond(), result.bestEpoch(), result.bestValidAuc());
        out.printf(Locale.ROOT, "test: AUC %.4f, LogLoss %.4f, GAUC %.4f on %d impressions; peak RSS %.0f MB;"
                + " checkpoint %s%n", test.auc(), test.logLoss(), test.gauc(), test.count(), r.peakRssMb(),
            checkpoint);
        out.flush();
        JsonResults.write(common.jsonFile(), "train", config, r);
      }
    }
    return 0;
  }

  List<String> overrides() {
    List<String> o = new ArrayList<>(data.overrides());
    if (variant != null) {
      o.add("variant=" + variant);
    }
    if (textLength != null) {
      o.add("sequence.textLength=" + textLength);
    }
    if (epochs != null) {
      o.add("training.epochs=" + epochs);
    }
    if (batchSize != null) {
      o.add("training.batchSize=" + batchSize);
    }
    if (maxTrainSamples != null) {
      o.add("training.maxTrainSamples=" + maxTrainSamples);
    }
    if (steps != null) {
      o.add("training.maxSteps=" + steps);
    }
    if (output != null) {
      o.add("output=" + DataSelection.quote(output));
    }
    return o;
  }

  /** Where the resumable training state of a run with {@code config} lives. */
  static Path resumeFile(ExperimentConfig config) {
    return Path.of(config.outputOrDefault(), "resume", "training.state");
  }

  /** Steps the trainer plans: epochs × batches of the (capped) training split, capped by maxSteps. */
  static long plannedSteps(TrainingOptions t, int trainSize) {
    long samples = t.maxTrainSamples() > 0 ? Math.min(trainSize, t.maxTrainSamples()) : trainSize;
    long perEpoch = (samples + t.batchSize() - 1) / t.batchSize();
    long total = perEpoch * t.epochs();
    return t.maxSteps() > 0 ? Math.min(total, t.maxSteps()) : total;
  }
}
