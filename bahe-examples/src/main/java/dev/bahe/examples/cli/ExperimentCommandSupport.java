package dev.bahe.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.model.HistoryReach;
import dev.bahe.core.model.TextLengthReach;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadedDataset;
import dev.bahe.examples.experiment.EvalBudget;
import dev.bahe.examples.experiment.ExperimentPlans;
import dev.bahe.examples.experiment.ExperimentRunner;
import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.examples.experiment.PlannedRun;
import dev.bahe.examples.experiment.ResultsReport;
import dev.bahe.examples.experiment.VariantResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs a planned experiment for a command and writes its report, tables, charts and JSON. */
final class ExperimentCommandSupport {

  private ExperimentCommandSupport() {}

  /**
   * Runs {@code runs}, printing a line per finished run and the Markdown table at the end; returns the exit code.
   *
   * @param commandDefaults the command's own defaults, applied before every user option
   * @param evalBudget how many validation and test impressions each run uses
   * @param aucD whether to export representations and train the AUC_d downstream DNN
   */
  static int run(String command, String title, String defaultOutput, CommonOptions common, DataSelection data,
      ExperimentRunOptions options, List<String> commandDefaults, EvalBudget evalBudget, boolean aucD,
      List<PlannedRun> runs, PrintWriter out) {
    Path outputDir = Path.of(options.output != null ? options.output : defaultOutput);
    List<String> overrides = new ArrayList<>(commandDefaults);
    overrides.addAll(data.overrides());
    overrides.addAll(options.overrides());
    overrides.addAll(common.overrides);
    ExperimentRunner runner = new ExperimentRunner(common.config, overrides, new ExperimentRunner.Settings(
        outputDir, options.heap, options.timeoutMinutes, evalBudget, aucD));
    if (runs.isEmpty()) {
      throw new IllegalArgumentException(command + ": nothing to run (no variant, text length or pooling given)");
    }
    // on generated data the Bayes ceiling is a row of every table; elsewhere it cannot be computed
    try {
      runs = ExperimentPlans.withOracle(runs, runner.configOf(runs.get(0)).data().source());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(command + ": " + e.getMessage(), e);
    }
    // every run's configuration and component names are checked before the first run starts, so that a typo in
    // the last variant does not surface hours later
    ExperimentConfig base = null;
    LoadedDataset loaded = null;
    DatasetSplit split = null;
    // the text-length check needs only a tokenizer: one backbone load per backbone, not one per run
    Map<List<String>, ExperimentSession> tokenizers = new HashMap<>();
    try {
      for (PlannedRun planned : runs) {
        base = runner.configOf(planned);
        try (ExperimentSession session = new ExperimentSession(base)) {
          if (!planned.isBaseline()) {
            // a text length beyond every history would measure nothing new: refuse it before hours of training
            if (loaded == null) {
              loaded = Datasets.loadWithReport(base.data());
              split = TimeSplitter.split(loaded.dataset(), base.data());
            }
            int cap = base.training().maxTrainSamples();
            List<Impression> train = cap > 0 && cap < split.train().size() ? split.train().subList(0, cap)
                : split.train();
            ExperimentConfig config = base;
            ExperimentSession backbone = tokenizers.computeIfAbsent(
                List.of(config.backbone().name(), config.backbone().path()), k -> new ExperimentSession(config));
            TextTokenizer tokenizer = backbone.get(LayeredLanguageModel.class).tokenizer();
            HistoryReach reach;
            try {
              reach = TextLengthReach.require(loaded.dataset(), train, base.sequence(), tokenizer);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(command + " run " + planned.id() + ": " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "%s run %s: T = %d, M = %d read %.1f of the %.1f earlier behaviours of a"
                    + " training impression on average (%.0f %%, %.0f tokens); T cuts %.0f %% of the histories%n",
                command, planned.id(), base.sequence().textLength(), base.sequence().maxBehaviorsPerType(),
                reach.meanKept(), reach.meanBefore(), 100 * reach.keptShare(), reach.meanTokens(),
                100 * reach.cutShare());
          }
        }
      }
    } finally {
      tokenizers.values().forEach(ExperimentSession::close);
    }
    out.printf(Locale.ROOT, "%s: %d runs, each in its own JVM; logs and results in %s%n", command, runs.size(),
        outputDir);
    out.flush();
    List<VariantResult> results;
    try {
      results = runner.run(runs, r -> {
        out.println(JsonResults.toCompactJson(summary(r)));
        out.flush();
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("command", "bahe " + command);
    provenance.put("overrides", String.join(" ", overrides));
    provenance.put("dataset", base.data().source() + (base.data().path().isEmpty() ? "" : " " + base.data().path()));
    provenance.put("backbone", base.backbone().name() + " split at k=" + base.backbone().splitLayer());
    provenance.put("baheItem", base.sequence().itemEncoding().id());
    provenance.put("batch", base.training().batchSize() + " (micro " + base.training().effectiveMicroBatchSize()
        + ")");
    provenance.put("maxValidSamples", evalBudget.validSamples());
    provenance.put("maxTestSamples", evalBudget.testSamples());
    provenance.put("version", BaheCli.version());
    provenance.putAll(SystemInfo.describe());
    ResultsReport report = new ResultsReport(title, provenance);
    try {
      Path md = report.write(results, outputDir);
      out.println();
      out.println(report.markdown(results));
      out.println("report: " + md.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + outputDir, e);
    }
    out.flush();
    JsonResults.write(common.jsonFile(), command, base, results);
    // a run that does not fit or times out is a reported result; the command fails only when nothing ran
    return results.stream().anyMatch(VariantResult::ok) ? 0 : 1;
  }

  /** A finished run as printed on its line: every field but the learning curve, which is in results.json. */
  static Map<String, Object> summary(VariantResult r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = new ObjectMapper().convertValue(r, LinkedHashMap.class);
    fields.remove("learning");
    return fields;
  }
}
