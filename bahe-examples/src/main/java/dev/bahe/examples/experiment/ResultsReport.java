package dev.bahe.examples.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Writes an experiment's results: {@code results.json} (every run with its learning curve), {@code results.csv},
 * {@code report.md} — a three-line verdict ({@link Verdict}), then a Table-1-style comparison (speed-up and memory
 * ratios against LLM-CTR at the same text length) — and PNG charts: {@code auc.png} (text models as bars, the
 * baselines and the oracle as reference lines), {@code learning.png} (loss per step, validation AUC per epoch),
 * {@code cost.png} (samples/s and peak memory with the ratios to LLM-CTR) and, over two or more text lengths,
 * {@code auc-by-length.png}. The baselines without text ({@link PlannedRun#BASELINES}) are rows of every table,
 * first, so every text model is read against the ceiling ({@code oracle}, synthetic data only), the floor
 * ({@code stats}) and the production-style ID model ({@code dnn}) on the same split.
 */
public final class ResultsReport {

  /** Column order of variants in tables and charts. */
  public static final List<String> VARIANT_ORDER = List.of(PlannedRun.ORACLE, PlannedRun.STATS, PlannedRun.DNN_ID,
      PlannedRun.DNN, "llm-ctr", "fp", "abe", "bahe");

  private static final String TABLE_HEADER =
      "| variant | AUC | LogLoss | GAUC | GAUC users | AUC_d | train s | samples/s | speed-up | peak MiB | memory ÷"
          + " | status |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  private final String title;
  private final Map<String, Object> provenance;
  private final List<SeedReplicates> replicates;

  /**
   * @param title report heading
   * @param provenance what produced the results (command, configuration, dataset, machine, versions), written
   *     into the JSON and the report
   */
  public ResultsReport(String title, Map<String, Object> provenance) {
    this(title, provenance, List.of());
  }

  /**
   * A report whose rows for {@code replicates} are means over training seeds ({@link ResultsMerge}): they are
   * marked in the tables, and a table of their seeds follows.
   */
  public ResultsReport(String title, Map<String, Object> provenance, List<SeedReplicates> replicates) {
    this.title = title;
    this.provenance = new LinkedHashMap<>(provenance);
    this.replicates = List.copyOf(replicates);
  }

  /** Writes every output file into {@code dir}; returns the report path. */
  public Path write(List<VariantResult> results, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeJson(results, dir.resolve("results.json"));
    writeCsv(results, dir.resolve("results.csv"));
    List<String> order = order(results);
    Charts.auc(results, order, dir.resolve("auc.png"));
    LearningChart.write(results, order, dir.resolve("learning.png"));
    CostChart.write(results, order, dir.resolve("cost.png"));
    Charts.aucByTextLength(results, order, dir.resolve("auc-by-length.png"));
    Path report = dir.resolve("report.md");
    Files.writeString(report, markdown(results));
    return report;
  }

  /** The comparison table as Markdown, also printed by the commands. */
  public String markdown(List<VariantResult> results) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    List<String> verdict = Verdict.lines(results, replicates);
    if (!verdict.isEmpty()) {
      // one paragraph, a line each (Markdown line breaks)
      md.append(String.join("  \n", verdict)).append("\n\n");
    }
    TreeSet<Integer> lengths = new TreeSet<>();
    results.stream().filter(r -> r.textLength() > 0).forEach(r -> lengths.add(r.textLength()));
    List<VariantResult> baselines = new ArrayList<>();
    for (String b : PlannedRun.BASELINES) {
      find(results, b, 0).ifPresent(baselines::add);
    }
    if (!baselines.isEmpty()) {
      md.append("Baselines without text, on the same split and training impressions: `stats` is a logistic"
          + " regression on point-in-time counters (item and user positive rates, behaviour counts and shares before"
          + " the impression), the floor every text model must clear; `dnn-id` sees user and item ids; `dnn`, the"
          + " production-style ID model, sees the ids, the user's history as hashed behaviour ids and the counters."
          + " AUC_d is `dnn` with a text model's Q_u, Q_i as extra features."
          + (find(results, PlannedRun.ORACLE, 0).isPresent() ? " `oracle (Bayes ceiling)` scores the test impressions"
              + " with the synthetic generator's own click probabilities: no model can beat it on average."
              : "")
          + " GAUC averages the AUC of the users with both classes among the test impressions (GAUC users); over a"
          + " few dozen users, most with two or three impressions, it is noise.\n\n");
    }
    if (lengths.isEmpty() && !baselines.isEmpty()) {
      md.append("## Baselines (no text)\n\n").append(TABLE_HEADER);
      baselines.forEach(r -> md.append(row(r, "–", "–")));
      md.append('\n');
    }
    for (int length : lengths) {
      md.append("## Text length T = ").append(length).append("\n\n").append(TABLE_HEADER);
      baselines.forEach(r -> md.append(row(r, "–", "–")));
      Optional<VariantResult> base = find(results, "llm-ctr", length);
      for (String variant : order(results)) {
        Optional<VariantResult> found = find(results, variant, length);
        if (found.isEmpty()) {
          continue;
        }
        VariantResult r = found.get();
        String speedUp = base.filter(VariantResult::ok).filter(b -> r.ok())
            .map(b -> String.format(Locale.ROOT, "%.1f×", r.trainSamplesPerSecond() / b.trainSamplesPerSecond()))
            .orElse("–");
        String memRatio = base.map(b -> memoryRatio(b, r)).orElse("–");
        md.append(row(r, speedUp, memRatio));
      }
      md.append('\n');
    }
    if (!replicates.isEmpty()) {
      md.append("## Training seeds\n\nA row marked \"mean of n seeds\" above holds the means over its training seeds"
          + " (the largest peak memory, the first seed's learning curve); its test AUC per seed:\n\n"
          + "| variant | T | seeds | test AUC per seed | mean ± sd |\n|---|---|---|---|---|\n");
      for (SeedReplicates rep : replicates) {
        List<String> each = new ArrayList<>();
        for (int i = 0; i < rep.seeds().size(); i++) {
          each.add(rep.seeds().get(i) + ": " + f4(rep.aucs().get(i)));
        }
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s ± %s |%n", rep.variant(), rep.textLength(),
            rep.seeds().size(), String.join(", ", each), f4(rep.meanAuc()), f4(rep.sdAuc())));
      }
      md.append('\n');
    }
    md.append("speed-up: training samples/s relative to LLM-CTR at the same T; memory ÷: LLM-CTR's peak memory"
        + " divided by the variant's (≥ when LLM-CTR failed: its peak before failing is less than it needed).\n\n");
    md.append("![AUC](auc.png)\n\n");
    List<String> order = order(results);
    if (LearningChart.charts(results, order).isPresent()) {
      md.append("![Learning curves](learning.png)\n\n");
    }
    if (CostChart.charts(results, order).isPresent()) {
      md.append("![Cost](cost.png)\n\n");
    }
    if (results.stream().filter(r -> r.textLength() > 0 && r.ok()).map(VariantResult::textLength).distinct().count()
        >= 2) {
      md.append("![AUC against T](auc-by-length.png)\n\n");
    }
    md.append("## Provenance\n\n");
    provenance.forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
    return md.toString();
  }

  private String row(VariantResult r, String speedUp, String memRatio) {
    String name = r.variant().equals(PlannedRun.ORACLE) && r.textLength() == 0 ? "oracle (Bayes ceiling)"
        : r.variant();
    for (SeedReplicates rep : replicates) {
      if (rep.is(r.variant(), r.textLength())) {
        name += " (mean of " + rep.seeds().size() + " seeds)";
      }
    }
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
        name, f4(r.auc()), f4(r.logloss()), f4(r.gauc()), r.gaucUsers() > 0 ? Integer.toString(r.gaucUsers()) : "–",
        f4(r.aucD()), f1(r.trainSeconds()) + (r.alignSeconds() > 0 ? " + " + f1(r.alignSeconds()) + " align" : ""),
        f1(r.trainSamplesPerSecond()), speedUp, f0(r.peakRssMb()), memRatio, cell(r.status()));
  }

  private void writeJson(List<VariantResult> results, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", title);
    doc.put("provenance", provenance);
    doc.put("results", results);
    if (!replicates.isEmpty()) {
      doc.put("replicates", replicates);
    }
    json.writeValue(file.toFile(), doc);
  }

  private static void writeCsv(List<VariantResult> results, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("variant,text_length,auc,logloss,gauc,train_seconds,train_samples_per_second,peak_rss_mb,auc_d,"
        + "abe_seconds,train_samples,skipped_steps,status,gauc_users,recomputed_steps,align_seconds");
    for (VariantResult r : results) {
      lines.add(String.join(",", r.variant(), Integer.toString(r.textLength()), num(r.auc()), num(r.logloss()),
          num(r.gauc()), num(r.trainSeconds()), num(r.trainSamplesPerSecond()), num(r.peakRssMb()),
          num(r.aucD()), num(r.abeSeconds()), Long.toString(r.trainSamples()), Integer.toString(r.skippedSteps()),
          '"' + r.status().replace("\"", "'") + '"', Integer.toString(r.gaucUsers()),
          Integer.toString(r.recomputedSteps()), num(r.alignSeconds())));
    }
    Files.write(file, lines);
  }

  private static List<String> order(List<VariantResult> results) {
    List<String> order = new ArrayList<>();
    for (String v : VARIANT_ORDER) {
      if (results.stream().anyMatch(r -> r.variant().equals(v))) {
        order.add(v);
      }
    }
    results.stream().map(VariantResult::variant).distinct().filter(v -> !order.contains(v)).forEach(order::add);
    return order;
  }

  private static Optional<VariantResult> find(List<VariantResult> results, String variant, int length) {
    return results.stream().filter(r -> r.variant().equals(variant) && r.textLength() == length).findFirst();
  }

  /**
   * LLM-CTR's peak memory over the variant's. A failed variant has none (its peak understates its need); a failed
   * LLM-CTR (out of memory, say) gives a lower bound, marked {@code ≥}.
   */
  private static String memoryRatio(VariantResult llmCtr, VariantResult r) {
    if (!r.ok() || !Double.isFinite(llmCtr.peakRssMb()) || !Double.isFinite(r.peakRssMb())) {
      return "–";
    }
    return (llmCtr.ok() ? "" : "≥") + String.format(Locale.ROOT, "%.1f", llmCtr.peakRssMb() / r.peakRssMb());
  }

  /** A status on one line: an exception message may span lines (Guice errors do), which would end the table. */
  private static String oneLine(String status) {
    return status.strip().replaceAll("\\s+", " ");
  }

  /** A status as a table cell: on one line, with {@code |} escaped so that it does not split the row. */
  private static String cell(String status) {
    return oneLine(status).replace("|", "\\|");
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  private static String f4(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "–";
  }

  private static String f1(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "–";
  }

  private static String f0(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "–";
  }
}
