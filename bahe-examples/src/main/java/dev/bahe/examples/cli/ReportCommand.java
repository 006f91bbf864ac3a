package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ResultsMerge;
import dev.bahe.examples.experiment.ResultsReport;
import dev.bahe.examples.experiment.VariantResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bahe report}: one report over the outputs of several experiment commands that were measured on the same
 * split, e.g. a length sweep of BAHE and one of LLM-CTR at the text lengths it can afford, run with settings of
 * their own or in separate sessions. Writes report.md, results.json/csv and the charts (AUC against T over two or
 * more lengths) into {@code --output}; nothing is trained or scored again.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Combine the results of experiment outputs (demo, ablation, sweep-length, pooling) measured on"
        + " the same data, split and test impressions into one report.md, results.json/csv and charts.",
        "Baselines found in several outputs are kept once (from the first). A text variant at the same T in"
            + " several outputs whose runs differ only in training.seed is one row of means, with each seed's test"
            + " AUC and the mean ± standard deviation in a table of its own; any other repeat is an error."})
final class ReportCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Experiment output directories, in table order.")
  List<Path> inputs;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the combined report.")
  Path output;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Combined results",
      description = "Heading of the report (default: ${DEFAULT-VALUE}).")
  String title;

  @Override
  public Integer call() throws IOException {
    if (common.config != null || !common.overrides.isEmpty()) {
      throw new IllegalArgumentException("report re-renders results already measured; --config and --set would"
          + " change nothing in them, so they are refused (the configuration of each run is in <DIR>/runs)");
    }
    List<ResultsMerge.Source> sources = new ArrayList<>();
    for (Path dir : inputs) {
      sources.add(ResultsMerge.read(dir));
    }
    ResultsMerge.Merged merged = ResultsMerge.merge(sources);
    List<VariantResult> results = merged.results();
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("command", "bahe report");
    for (int i = 0; i < sources.size(); i++) {
      ResultsMerge.Source s = sources.get(i);
      provenance.put("source " + (i + 1), s.dir() + ": " + s.title() + " ("
          + s.provenance().getOrDefault("command", "?") + " " + s.provenance().getOrDefault("overrides", "") + ")");
    }
    Map<String, Object> first = sources.get(0).provenance();
    for (String key : List.of("dataset", "maxValidSamples", "maxTestSamples")) {
      if (first.containsKey(key)) {
        provenance.put(key, first.get(key));
      }
    }
    provenance.put("version", BaheCli.version());
    ResultsReport report = new ResultsReport(title, provenance, merged.replicates());
    Path md = report.write(results, output);
    PrintWriter out = spec.commandLine().getOut();
    out.println(report.markdown(results));
    out.println("report: " + md.toAbsolutePath());
    out.flush();
    JsonResults.write(common.jsonFile(), "report", null, Map.of("provenance", provenance, "results", results,
        "replicates", merged.replicates()));
    return 0;
  }
}
