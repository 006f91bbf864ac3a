package dev.bahe.examples.cli;

import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadedDataset;
import dev.bahe.examples.experiment.EvalBudget;
import dev.bahe.examples.experiment.ExperimentPipeline;
import dev.bahe.examples.experiment.ExperimentSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe evaluate}: loads a checkpoint into the model its saved configuration describes and reports AUC,
 * LogLoss and GAUC on a split, optionally writing per-impression predictions. {@code --set} overrides apply on
 * top of the saved configuration (for example another {@code data.path}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluate a trained checkpoint on a split: AUC, LogLoss, GAUC; optionally write predictions.",
        "The checkpoint's config.yaml is the configuration unless --config is given."})
final class EvaluateCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  DataSelection data;

  @Mixin
  CheckpointOptions checkpoint;

  @Spec
  CommandSpec spec;

  @Option(names = "--predictions", paramLabel = "FILE",
      description = "Write user_id, item_id, timestamp, label, probability per impression (TSV).")
  Path predictions;

  @Option(names = "--auc-d",
      description = {"Also measure AUC_d: export Q_u and Q_i of the checkpoint for the training (capped by"
          + " training.maxTrainSamples), validation and test impressions, train the production-style ID model (dnn:"
          + " ids, hashed history ids, point-in-time counters) with them as extra dense features and without them,"
          + " and report both on the whole test split."})
  boolean aucD;

  /**
   * The evaluation.
   *
   * @param checkpoint checkpoint directory
   * @param provenance what the checkpoint says about its training
   * @param split split evaluated
   * @param evaluation the metrics
   * @param abe ABE report when the store had to be completed (BAHE), else null
   * @param downstream the production-style {@code dnn} with and without the representations ({@code --auc-d}),
   *     else null
   */
  record Result(String checkpoint, CheckpointProvenance provenance, String split, Evaluation evaluation,
      AbeReport abe, Downstream downstream) {}

  /**
   * The paper's AUC_d experiment for one checkpoint, both models trained on the same impressions and tested on the
   * whole test split.
   *
   * @param withRepresentations the production-style ID model with {@code Q_u}, {@code Q_i} as extra features
   *     ({@code dnn+repr}): AUC_d
   * @param dnn the same model without them ({@code dnn}): the paper's "DNN" row, the base of AUC_d
   */
  record Downstream(Evaluation withRepresentations, Evaluation dnn) {}

  @Override
  public Integer call() {
    ExperimentConfig config = Configs.withDefaultStorePath(common, checkpoint.savedConfig(), data.overrides());
    LoadedDataset loaded = Datasets.loadWithReport(config.data());
    DatasetSplit split = TimeSplitter.split(loaded.dataset(), config.data());
    List<Impression> impressions = checkpoint.impressions(split);
    PrintWriter out = spec.commandLine().getOut();
    try (ExperimentSession session = new ExperimentSession(config)) {
      AbeReport abe = config.variant() == Variant.BAHE ? AbeRunner.run(session, loaded.dataset(), 256, 8, 0) : null;
      try (TextCtrModel model = session.get(ModelFactory.class).create(loaded.dataset())) {
        CheckpointProvenance provenance = Checkpoints.load(checkpoint.checkpoint, model);
        Evaluation e = Evaluator.forTraining(config.training())
            .evaluate(checkpoint.split, model, impressions, predictions);
        out.printf(Locale.ROOT, "%s (%s, epoch %d) on %s %s: AUC %.4f, LogLoss %.4f, GAUC %.4f (%d users), %d"
                + " impressions, %d clicked%n", checkpoint.checkpoint, provenance.model(), provenance.epoch(),
            loaded.dataset().name(), checkpoint.split, e.auc(), e.logLoss(), e.gauc(), e.gaucUsers(), e.count(),
            e.positives());
        if (predictions != null) {
          out.println("predictions: " + predictions);
        }
        out.flush();
        Downstream downstream = aucD ? downstream(config, model, out) : null;
        JsonResults.write(common.jsonFile(), "evaluate", config,
            new Result(checkpoint.checkpoint.toString(), provenance, checkpoint.split, e, abe, downstream));
      }
    }
    return 0;
  }

  private static Downstream downstream(ExperimentConfig config, TextCtrModel model, PrintWriter out) {
    try (ExperimentPipeline pipeline = ExperimentPipeline.open(config, EvalBudget.both(0), List.of())) {
      Evaluation withReps = pipeline.downstreamWithRepresentations(model);
      Evaluation dnn = pipeline.productionDnn().test();
      out.printf(Locale.ROOT, "AUC_d (dnn with Q_u, Q_i) on test: AUC %.4f, LogLoss %.4f, GAUC %.4f;"
          + " dnn alone: AUC %.4f, LogLoss %.4f, GAUC %.4f (%d impressions)%n", withReps.auc(), withReps.logLoss(),
          withReps.gauc(), dnn.auc(), dnn.logLoss(), dnn.gauc(), dnn.count());
      out.flush();
      return new Downstream(withReps, dnn);
    }
  }
}
