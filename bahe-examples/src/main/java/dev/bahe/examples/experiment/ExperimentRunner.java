package dev.bahe.examples.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.model.Variant;
import dev.bahe.examples.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a list of {@link PlannedRun}s, each in its own JVM ({@link VariantWorker}), on the same data and splits,
 * and collects their {@link VariantResult}s. A baseline run ({@link PlannedRun#isBaseline()}) runs the worker mode
 * of its name on the base configuration. Atomic behaviours are encoded once per encoder configuration in a
 * separate JVM before the first BAHE run, so BAHE's training memory and time exclude the one-off ABE cost (which
 * is reported as {@code abe_seconds}).
 */
public final class ExperimentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

  private final Path baseConfigFile;
  private final List<String> baseOverrides;
  private final Settings settings;
  private final ConfigLoader loader = new ConfigLoader();

  /**
   * How the runs are executed.
   *
   * @param outputDir where configurations, logs, results and the report go
   * @param heap maximum Java heap of each run's JVM, e.g. {@code "6g"}
   * @param timeoutMinutes a run still going after this long is killed and reported as timed out
   * @param evalBudget how many validation and test impressions each run uses
   * @param withAucD also export representations and train the production-style {@code dnn} on them (AUC_d)
   */
  public record Settings(Path outputDir, String heap, long timeoutMinutes, EvalBudget evalBudget, boolean withAucD) {}

  public ExperimentRunner(Path baseConfigFile, List<String> baseOverrides, Settings settings) {
    this.baseConfigFile = baseConfigFile;
    this.baseOverrides = List.copyOf(baseOverrides);
    this.settings = settings;
  }

  /** The configuration a run uses: the base, then the run's overrides, then its text length. */
  public ExperimentConfig configOf(PlannedRun run) {
    return configOf(run, List.of());
  }

  /** {@link #configOf(PlannedRun)} with {@code budget} (a time match's overrides) after the run's own. */
  private ExperimentConfig configOf(PlannedRun run, List<String> budget) {
    List<String> overrides = new ArrayList<>(baseOverrides);
    overrides.add("output=" + settings.outputDir());
    overrides.addAll(run.overrides());
    overrides.addAll(budget);
    if (run.textLength() > 0) {
      overrides.add("sequence.textLength=" + run.textLength());
    }
    return loader.load(baseConfigFile, overrides);
  }

  /** Runs every planned run in order, reporting each result to {@code onResult} as it arrives. */
  public List<VariantResult> run(List<PlannedRun> runs, Consumer<VariantResult> onResult)
      throws IOException, InterruptedException {
    Path dir = settings.outputDir();
    Files.createDirectories(dir.resolve("runs"));
    ChildJvm jvm = ChildJvm.inheritingEngineSettings(settings.heap());
    Set<String> encodedStores = new HashSet<>();
    List<VariantResult> results = new ArrayList<>();
    double abeSeconds = Double.NaN;
    for (PlannedRun run : runs) {
      ExperimentConfig config = configOf(run);
      if (run.timeMatch().isPresent()) {
        List<String> budget;
        try {
          budget = run.timeMatch().get().overrides(results, run.textLength(),
              config.training().batchSize(), trainImpressions(config));
        } catch (IllegalStateException e) {
          VariantResult failed = VariantResult.failed(run.label(), run.textLength(), Double.NaN, e.getMessage());
          LOG.warn("{}: {}", run.id(), e.getMessage());
          results.add(failed);
          onResult.accept(failed);
          continue;
        }
        LOG.info("{} trains for {}'s training time at {}'s throughput: {}", run.id(),
            run.timeMatch().get().referenceLabel(), run.timeMatch().get().throughputLabel(), budget);
        config = configOf(run, budget);
      }
      Path yaml = dir.resolve("runs").resolve(run.id() + ".yaml");
      Files.writeString(yaml, loader.toYaml(config));
      if (!run.isBaseline() && config.variant() == Variant.BAHE) {
        String storeKey = config.store().name() + "|" + config.store().path() + "|" + config.encoder();
        if (encodedStores.add(storeKey)) {
          Path encodeResult = dir.resolve("runs").resolve(run.id() + ".abe.json");
          execute(jvm, "encode", yaml, encodeResult, run, "abe");
          VariantResult abe = readResult(encodeResult);
          LOG.info("ABE for {}: {} s, status {}", run.id(), abe.abeSeconds(), abe.status());
          abeSeconds = abe.abeSeconds();
        }
      }
      Path resultFile = dir.resolve("runs").resolve(run.id() + ".json");
      execute(jvm, run.isBaseline() ? run.label() : "train", yaml, resultFile, run, run.label());
      VariantResult result = readResult(resultFile);
      if (config.variant() == Variant.BAHE && !run.isBaseline() && result.ok()) {
        result = result.withAbeSeconds(abeSeconds);
      }
      results.add(result);
      onResult.accept(result);
    }
    return results;
  }

  /** The impressions of the training split of {@code config}'s data. */
  private static int trainImpressions(ExperimentConfig config) {
    return TimeSplitter.split(Datasets.load(config.data()), config.data()).train().size();
  }

  private void execute(ChildJvm jvm, String mode, Path yaml, Path result, PlannedRun run, String label)
      throws IOException, InterruptedException {
    Files.deleteIfExists(result);
    Path log = settings.outputDir().resolve("runs").resolve(run.id() + "." + mode + ".log");
    LOG.info("{} {} (log: {})", mode, run.id(), log);
    int exit = jvm.run(VariantWorker.class, List.of(mode, yaml.toString(), result.toString(), label,
        Integer.toString(settings.evalBudget().validSamples()), Integer.toString(settings.evalBudget().testSamples()),
        Boolean.toString(settings.withAucD())), log,
        settings.timeoutMinutes());
    if (!Files.exists(result)) {
      String status = exit == -1 ? "timed out after " + settings.timeoutMinutes() + " min"
          : "JVM ended with exit code " + exit + " without a result (see " + log + ")";
      VariantResult failed = VariantResult.failed(label, run.textLength(), Double.NaN, status);
      new ObjectMapper().writeValue(result.toFile(), failed);
    }
  }

  private static VariantResult readResult(Path file) throws IOException {
    return new ObjectMapper().readValue(file.toFile(), VariantResult.class);
  }
}
