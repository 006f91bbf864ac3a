package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.StepPhases;
import dev.bahe.core.train.StepProgress;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingListener;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadedDataset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe bench train-step}: training-step throughput of each variant on the same data, text length and batch:
 * a few optimizer steps after warm-up, timed step by step (no validation, no checkpoint). BAHE's store is filled
 * first and timed apart, since ABE is offline work. All variants run in this one JVM, so {@code peakRssMb} is the
 * peak so far; measure one variant per run for its own peak memory (the {@code ablation} experiment does this in
 * child JVMs).
 */
@Command(name = "train-step", mixinStandardHelpOptions = true,
    description = {"Training throughput (samples/s, seconds per step) of each variant after warm-up.",
        "Prints one JSON line per variant on standard output."})
final class BenchTrainStepCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  DataSelection data;

  @Spec
  CommandSpec spec;

  @Option(names = "--variants", split = ",", defaultValue = "llm-ctr,fp,abe,bahe", paramLabel = "NAME",
      description = "Variants, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(names = "--steps", defaultValue = "3", paramLabel = "N",
      description = "Measured optimizer steps per variant (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup-steps", defaultValue = "1", paramLabel = "N",
      description = "Steps run before measuring (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--text-length", paramLabel = "T",
      description = "Total tokens of behaviour text per sample (sequence.textLength).")
  Integer textLength;

  /**
   * One variant's throughput.
   *
   * @param variant the variant
   * @param textLength sequence.textLength
   * @param batchSize impressions per step
   * @param microBatchSize impressions per forward/backward pass
   * @param measuredSteps steps timed
   * @param secondsPerStep mean wall seconds of a measured step
   * @param samplesPerSecond training impressions per second over the measured steps
   * @param abeSeconds offline ABE time before training (BAHE only, else 0)
   * @param peakRssMb peak resident memory of this process so far
   * @param phases where the measured steps' time went (features, forward, backward, optimizer)
   */
  record StepThroughput(String variant, int textLength, int batchSize, int microBatchSize, int measuredSteps,
      double secondsPerStep, double samplesPerSecond, double abeSeconds, double peakRssMb, StepPhases phases) {}

  @Override
  public Integer call() {
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("--steps must be >= 1 and --warmup-steps >= 0");
    }
    List<String> base = new ArrayList<>(data.overrides());
    if (textLength != null) {
      base.add("sequence.textLength=" + textLength);
    }
    base.add("training.epochs=1");
    base.add("training.maxSteps=" + (warmup + steps));
    ExperimentConfig first = Configs.withDefaultStorePath(common, base);
    LoadedDataset loaded = Datasets.loadWithReport(first.data());
    DatasetSplit split = TimeSplitter.split(loaded.dataset(), first.data());
    int needed = (warmup + steps) * first.training().batchSize();
    if (split.train().size() < needed) {
      throw new IllegalArgumentException("the training split has " + split.train().size() + " impressions; "
          + (warmup + steps) + " steps of batch " + first.training().batchSize() + " need " + needed);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<StepThroughput> results = new ArrayList<>();
    for (String name : variants) {
      Variant variant = Variant.of(name);
      List<String> o = new ArrayList<>(base);
      o.add("variant=" + variant.id());
      ExperimentConfig config = Configs.withDefaultStorePath(common, o);
      try (ExperimentSession session = new ExperimentSession(config)) {
        double abeSeconds = 0;
        if (variant == Variant.BAHE) {
          AbeReport abe = AbeRunner.run(session, loaded.dataset(), 256, 8, 0);
          abeSeconds = abe.seconds();
        }
        try (TextCtrModel model = session.get(ModelFactory.class).create(loaded.dataset())) {
          long[] stepEnds = new long[warmup + steps + 1];
          StepPhases[] phasesAt = new StepPhases[warmup + steps + 1];
          phasesAt[0] = StepPhases.ZERO;
          stepEnds[0] = System.nanoTime();
          try (var bar = Progress.bar("train-step " + variant, warmup + steps, "steps")) {
            Trainer.builder().setConfig(config).optLogEverySteps(0).optListener(new TrainingListener() {
              @Override
              public void onStep(StepProgress p) {
                stepEnds[(int) p.step()] = System.nanoTime();
                phasesAt[(int) p.step()] = p.phasesSoFar();
                bar.stepTo(p.step());
              }
            }).build().fit(model, split.train(), List.of());
          }
          double seconds = (stepEnds[warmup + steps] - stepEnds[warmup]) / 1e9;
          int batch = config.training().batchSize();
          StepThroughput t = new StepThroughput(variant.id(), config.sequence().textLength(), batch,
              config.training().effectiveMicroBatchSize(), steps, seconds / steps, steps * batch / seconds,
              abeSeconds, SystemInfo.peakRssMb(), phasesAt[warmup + steps].minus(phasesAt[warmup]));
          results.add(t);
          out.println(JsonResults.toCompactJson(t));
          out.flush();
        }
      }
    }
    StepThroughput reference = results.stream().filter(r -> r.variant().equals(Variant.LLM_CTR.id())).findFirst()
        .orElse(null);
    if (reference != null) {
      for (StepThroughput r : results) {
        out.printf(Locale.ROOT, "%-8s %8.2f samples/s  %6.2f s/step  %5.1fx LLM-CTR%n", r.variant(),
            r.samplesPerSecond(), r.secondsPerStep(), r.samplesPerSecond() / reference.samplesPerSecond());
      }
    }
    for (StepThroughput r : results) {
      out.printf(Locale.ROOT, "%-8s %s%n", r.variant(), r.phases().describe());
    }
    out.flush();
    JsonResults.write(common.jsonFile(), "bench train-step", first, results);
    return 0;
  }
}
