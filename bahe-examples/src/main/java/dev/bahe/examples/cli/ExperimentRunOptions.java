package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.EvalBudget;
import dev.bahe.examples.experiment.ExperimentPlans;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the multi-run experiments ({@code demo}, {@code ablation}, {@code sweep-length}, {@code pooling}):
 * where results go, the training budget that keeps long-text variants to minutes on a CPU, which baselines without
 * text run first, and the JVM each run gets.
 */
final class ExperimentRunOptions {

  @Option(names = "--output", paramLabel = "DIR",
      description = "Directory for configurations, logs, the store, results.json/csv, report.md and charts.")
  String output;

  @Option(names = "--max-train-samples", paramLabel = "N",
      description = "Train each run on at most N impressions (training.maxTrainSamples).")
  Integer maxTrainSamples;

  @Option(names = "--steps", paramLabel = "N", description = "Stop each run after N optimizer steps (training.maxSteps).")
  Integer steps;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs of each run (training.epochs).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Effective batch size (training.batchSize).")
  Integer batchSize;

  @Option(names = "--micro-batch-size", paramLabel = "N",
      description = "Gradient accumulation over micro-batches of N (training.microBatchSize) for runs that do not"
          + " fit in memory at the full batch.")
  Integer microBatchSize;

  @Option(names = "--max-eval-samples", paramLabel = "N",
      description = "Validate and test on evenly spaced subsets of at most N impressions (0 = all; default 2000,"
          + " all for demo).")
  Integer maxEvalSamples;

  @Option(names = "--max-valid-samples", paramLabel = "N",
      description = "Validate (for early stopping) on at most N impressions, overriding --max-eval-samples for the"
          + " validation split only; e.g. --max-valid-samples 1000 --max-eval-samples 0 tests on the whole split.")
  Integer maxValidSamples;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "6g",
      description = "Java heap of each run's JVM (default ${DEFAULT-VALUE}); tensors live outside it.")
  String heap;

  @Option(names = "--timeout-minutes", paramLabel = "MIN", defaultValue = "240",
      description = "Kill a run after this many minutes and report it as timed out (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Option(names = "--no-auc-d", description = "Skip the representation export and the AUC_d downstream DNN.")
  boolean noAucD;

  @Option(names = "--no-stats", description = "Skip the stats baseline (logistic regression on point-in-time"
      + " counters).")
  boolean noStats;

  @Option(names = "--no-dnn", description = "Skip the ID-model baselines: dnn (production-style) and dnn-id (ids"
      + " only).")
  boolean noDnn;

  /** The baselines to plan: those named in {@code variants}, else all but the ones switched off. */
  List<String> baselines(List<String> variants) {
    return ExperimentPlans.baselines(variants, noStats, noDnn);
  }

  /** The validation and test caps: the options' values, else {@code defaultValue} for both. */
  EvalBudget evalBudget(int defaultValue) {
    int test = maxEvalSamples != null ? maxEvalSamples : defaultValue;
    return new EvalBudget(maxValidSamples != null ? maxValidSamples : test, test);
  }

  /** The training-budget overrides these options stand for. */
  List<String> overrides() {
    List<String> o = new ArrayList<>();
    if (maxTrainSamples != null) {
      o.add("training.maxTrainSamples=" + maxTrainSamples);
    }
    if (steps != null) {
      o.add("training.maxSteps=" + steps);
    }
    if (epochs != null) {
      o.add("training.epochs=" + epochs);
    }
    if (batchSize != null) {
      o.add("training.batchSize=" + batchSize);
    }
    if (microBatchSize != null) {
      o.add("training.microBatchSize=" + microBatchSize);
    }
    return o;
  }
}
