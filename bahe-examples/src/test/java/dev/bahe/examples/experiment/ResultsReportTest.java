package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment report from hand-made results: the per-length Markdown tables with speed-up and memory ratios
 * against LLM-CTR at the same text length (computed here by hand), the baselines without text as the first rows
 * of every table, failed runs kept with their status, and the files {@link ResultsReport#write} produces
 * (results.json, results.csv, report.md, decodable PNG charts).
 */
class ResultsReportTest {

  @TempDir
  Path dir;

  private static final VariantResult DNN =
      new VariantResult("dnn", 0, 0.7219, 0.5012, 0.6543, 12.0, 5000.0, 310.0, Double.NaN, Double.NaN, 60000, 0,
          "ok");
  private static final VariantResult STATS =
      new VariantResult("stats", 0, 0.7395, 0.5900, 0.6790, 1.5, 40000.0, 290.0, Double.NaN, Double.NaN, 60000, 0,
          "ok");
  private static final VariantResult LLM_CTR_1024 =
      new VariantResult("llm-ctr", 1024, 0.7161, 0.5200, 0.6600, 500.0, 2.0, 4000.0, 0.7323, Double.NaN, 1000, 0,
          "ok");
  private static final VariantResult BAHE_1024 =
      new VariantResult("bahe", 1024, 0.7132, 0.5300, 0.6500, 25.0, 40.0, 1000.0, 0.7352, 30.0, 1000, 2, "ok");
  private static final VariantResult ABE_1024 =
      new VariantResult("abe", 1024, 0.7150, 0.5250, 0.6550, 100.0, 10.0, 1600.0, 0.7372, Double.NaN, 1000, 0,
          "ok");
  private static final VariantResult FP_1024_OOM =
      VariantResult.failed("fp", 1024, 3900.0, "out of memory: Java heap space");
  private static final VariantResult LLM_CTR_2048_TIMEOUT =
      VariantResult.failed("llm-ctr", 2048, Double.NaN, "timed out after 240 min");
  private static final VariantResult BAHE_2048 =
      new VariantResult("bahe", 2048, 0.7309, 0.5100, 0.6700, 50.0, 20.0, 1200.0, Double.NaN, Double.NaN, 1000, 0,
          "ok");

  private static List<VariantResult> results() {
    // deliberately not in table order
    return List.of(BAHE_1024, DNN, FP_1024_OOM, LLM_CTR_1024, ABE_1024, BAHE_2048, LLM_CTR_2048_TIMEOUT, STATS);
  }

  private static ResultsReport report() {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("command", "bahe ablation");
    provenance.put("dataset", "synthetic");
    return new ResultsReport("Test ablation", provenance);
  }

  /** The table under "Text length T = length" as variant → (column → cell), rows in table order. */
  private static Map<String, Map<String, String>> table(String markdown, int length) {
    String heading = "## Text length T = " + length + "\n\n";
    int start = markdown.indexOf(heading);
    assertThat(start).as("table for T=%d in%n%s", length, markdown).isNotNegative();
    List<String> lines = markdown.substring(start + heading.length()).lines()
        .takeWhile(l -> l.startsWith("|")).toList();
    List<String> header = cells(lines.get(0));
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(2, lines.size())) {
      List<String> cells = cells(line);
      assertThat(cells).as(line).hasSameSizeAs(header);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), cells.get(i));
      }
      rows.put(row.get("variant"), row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.length() - 1);
    return Arrays.stream(inner.split("(?<!\\\\)\\|", -1)).map(String::trim).toList();
  }

  @Test
  void speedUpIsSamplesPerSecondOverLlmCtrsAtTheSameLength() {
    Map<String, Map<String, String>> t1024 = table(report().markdown(results()), 1024);

    // 40 / 2 samples/s, 10 / 2 samples/s
    assertThat(t1024.get("bahe")).containsEntry("samples/s", "40.0").containsEntry("speed-up", "20.0×");
    assertThat(t1024.get("abe")).containsEntry("speed-up", "5.0×");
    assertThat(t1024.get("llm-ctr")).containsEntry("speed-up", "1.0×");
  }

  @Test
  void memoryRatioIsLlmCtrsPeakOverTheVariantsPeak() {
    Map<String, Map<String, String>> t1024 = table(report().markdown(results()), 1024);

    // 4000 / 1000 MiB, 4000 / 1600 MiB
    assertThat(t1024.get("bahe")).containsEntry("peak MiB", "1000").containsEntry("memory ÷", "4.0");
    assertThat(t1024.get("abe")).containsEntry("memory ÷", "2.5");
    assertThat(t1024.get("llm-ctr")).containsEntry("memory ÷", "1.0");
  }

  @Test
  void rowsShowTheMetricsRoundedAndFollowTheLadderOrder() {
    Map<String, Map<String, String>> t1024 = table(report().markdown(results()), 1024);

    assertThat(t1024.keySet()).containsExactly("stats", "dnn", "llm-ctr", "fp", "abe", "bahe");
    assertThat(t1024.get("bahe")).containsEntry("AUC", "0.7132").containsEntry("LogLoss", "0.5300")
        .containsEntry("GAUC", "0.6500").containsEntry("AUC_d", "0.7352").containsEntry("train s", "25.0")
        .containsEntry("status", "ok");
  }

  @Test
  void aFailedRunStaysInTheTableWithItsStatusAndNoSpeedUp() {
    Map<String, Map<String, String>> t1024 = table(report().markdown(results()), 1024);

    assertThat(t1024.get("fp")).containsEntry("status", "out of memory: Java heap space")
        .containsEntry("AUC", "–").containsEntry("samples/s", "–").containsEntry("speed-up", "–")
        .containsEntry("peak MiB", "3900").containsEntry("memory ÷", "–");
  }

  @Test
  void anLlmCtrThatRanOutOfMemoryGivesALowerBoundOnTheMemoryRatio() {
    List<VariantResult> results = List.of(VariantResult.failed("llm-ctr", 2048, 20000.0, "out of memory"),
        BAHE_2048);
    Map<String, Map<String, String>> t2048 = table(report().markdown(results), 2048);

    assertThat(t2048.get("bahe")).containsEntry("memory ÷", "≥16.7").containsEntry("speed-up", "–");
    assertThat(t2048.get("llm-ctr")).containsEntry("memory ÷", "–").containsEntry("status", "out of memory");
  }

  @Test
  void withoutASuccessfulLlmCtrAtThatLengthThereAreNoRatios() {
    Map<String, Map<String, String>> t2048 = table(report().markdown(results()), 2048);

    assertThat(t2048.keySet()).containsExactly("stats", "dnn", "llm-ctr", "bahe");
    assertThat(t2048.get("llm-ctr")).containsEntry("status", "timed out after 240 min")
        .containsEntry("peak MiB", "–");
    assertThat(t2048.get("bahe")).containsEntry("AUC", "0.7309").containsEntry("AUC_d", "–")
        .containsEntry("speed-up", "–").containsEntry("memory ÷", "–");
  }

  @Test
  void theBaselinesAreTheFirstRowsOfEveryTableWithoutRatios() {
    String md = report().markdown(results());

    for (int length : List.of(1024, 2048)) {
      Map<String, Map<String, String>> t = table(md, length);
      assertThat(List.copyOf(t.keySet()).subList(0, 2)).containsExactly("stats", "dnn");
      assertThat(t.get("stats")).containsEntry("AUC", "0.7395").containsEntry("LogLoss", "0.5900")
          .containsEntry("train s", "1.5").containsEntry("samples/s", "40000.0").containsEntry("AUC_d", "–")
          .containsEntry("speed-up", "–").containsEntry("memory ÷", "–").containsEntry("status", "ok");
      assertThat(t.get("dnn")).containsEntry("AUC", "0.7219").containsEntry("GAUC", "0.6543")
          .containsEntry("peak MiB", "310").containsEntry("speed-up", "–");
    }
    assertThat(md).contains("`stats` is a logistic regression on point-in-time counters")
        .contains("AUC_d is `dnn` with a text model's Q_u, Q_i");
    assertThat(md.indexOf("`stats` is")).isLessThan(md.indexOf("## Text length T = 1024"));
    assertThat(md.indexOf("## Text length T = 1024")).isLessThan(md.indexOf("## Text length T = 2048"));
    assertThat(md).doesNotContain("## Baselines (no text)");
  }

  @Test
  void aFailedBaselineKeepsItsRowWithItsStatus() {
    List<VariantResult> results = List.of(VariantResult.failed("dnn", 0, 800.0, "out of memory: Java heap space"),
        LLM_CTR_1024, BAHE_1024);

    Map<String, Map<String, String>> t1024 = table(report().markdown(results), 1024);

    assertThat(t1024.keySet()).containsExactly("dnn", "llm-ctr", "bahe");
    assertThat(t1024.get("dnn")).containsEntry("AUC", "–").containsEntry("status", "out of memory: Java heap space");
  }

  @Test
  void baselinesWithoutAnyTextRunGetATableOfTheirOwnInTableOrder() {
    VariantResult idOnly =
        new VariantResult("dnn-id", 0, 0.6930, 0.6400, 0.7000, 20.0, 9000.0, 300.0, Double.NaN, Double.NaN, 60000, 0,
            "ok");
    String md = report().markdown(List.of(DNN, idOnly, STATS));

    int start = md.indexOf("## Baselines (no text)\n\n");
    assertThat(start).isNotNegative();
    List<String> rows = md.substring(start).lines().filter(l -> l.startsWith("| ") && !l.startsWith("| variant"))
        .map(l -> l.substring(2, l.indexOf(' ', 2))).toList();
    assertThat(rows).containsExactly("stats", "dnn-id", "dnn");
    assertThat(md).doesNotContain("## Text length");
  }

  @Test
  void aMultiLineStatusStaysInItsRowAndKeepsTheRowsAfterIt() {
    String guiceLike = "failed: CreationException: Unable to create injector, see the following errors:\n\n"
        + "1) [Guice/MissingImplementation]: No implementation for Pooling annotated with @Named(\"foo\")\n"
        + "known: mean | eos\n";
    List<VariantResult> results = List.of(LLM_CTR_1024, VariantResult.failed("fp", 1024, 900.0, guiceLike),
        BAHE_1024);

    Map<String, Map<String, String>> t1024 = table(report().markdown(results), 1024);

    assertThat(t1024.keySet()).containsExactly("llm-ctr", "fp", "bahe");
    assertThat(t1024.get("fp").get("status")).startsWith("failed: CreationException: Unable to create injector")
        .contains("No implementation for Pooling").doesNotContain("\n");
    assertThat(t1024.get("bahe")).containsEntry("speed-up", "20.0×");
  }

  @Test
  void labelsOutsideTheLadderFollowInTheOrderSeen() {
    List<VariantResult> pooling = List.of(
        new VariantResult("bahe-mean", 512, 0.70, 0.5, 0.6, 10, 30, 900, Double.NaN, 5, 300, 0, "ok"),
        new VariantResult("bahe-eos", 512, 0.69, 0.5, 0.6, 10, 32, 905, Double.NaN, 5, 300, 0, "ok"));

    Map<String, Map<String, String>> t512 = table(report().markdown(pooling), 512);

    assertThat(t512.keySet()).containsExactly("bahe-mean", "bahe-eos");
    assertThat(t512.get("bahe-eos")).containsEntry("speed-up", "–").containsEntry("AUC", "0.6900");
  }

  @Test
  void theReportNamesItsProvenanceAndCharts() {
    String md = report().markdown(results());

    assertThat(md).startsWith("# Test ablation\n").contains("- command: `bahe ablation`")
        .contains("- dataset: `synthetic`").contains("![AUC](auc.png)").contains("![Cost](cost.png)");
  }

  @Test
  void writeProducesCsvWithOneRowPerResultAndEmptyCellsForNan() throws IOException {
    report().write(results(), dir);

    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    assertThat(csv.get(0)).isEqualTo("variant,text_length,auc,logloss,gauc,train_seconds,train_samples_per_second,"
        + "peak_rss_mb,auc_d,abe_seconds,train_samples,skipped_steps,status,gauc_users,recomputed_steps,align_seconds");
    assertThat(csv).hasSize(results().size() + 1);
    String[] bahe = csv.get(1).split(",", -1);
    assertThat(bahe).hasSize(16);
    assertThat(bahe[0]).isEqualTo("bahe");
    assertThat(bahe[1]).isEqualTo("1024");
    assertThat(Double.parseDouble(bahe[2])).isEqualTo(0.7132);
    assertThat(Double.parseDouble(bahe[6])).isEqualTo(40.0);
    assertThat(Double.parseDouble(bahe[7])).isEqualTo(1000.0);
    assertThat(Double.parseDouble(bahe[9])).isEqualTo(30.0);
    assertThat(bahe[10]).isEqualTo("1000");
    assertThat(bahe[11]).isEqualTo("2");
    assertThat(bahe[12]).isEqualTo("\"ok\"");
    String[] fp = csv.get(3).split(",", -1);
    assertThat(fp[0]).isEqualTo("fp");
    assertThat(fp[2]).as("NaN AUC").isEmpty();
    assertThat(Double.parseDouble(fp[7])).isEqualTo(3900.0);
    assertThat(fp[12]).isEqualTo("\"out of memory: Java heap space\"");
  }

  @Test
  void writeProducesJsonWithTitleProvenanceAndEveryResult() throws IOException {
    report().write(results(), dir);

    JsonNode doc = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(doc.get("title").asText()).isEqualTo("Test ablation");
    assertThat(doc.at("/provenance/command").asText()).isEqualTo("bahe ablation");
    assertThat(doc.get("results")).hasSize(results().size());
    assertThat(doc.at("/results/2/variant").asText()).isEqualTo("fp");
    assertThat(doc.at("/results/2/status").asText()).isEqualTo("out of memory: Java heap space");
    assertThat(doc.at("/results/0/train_samples_per_second").asDouble()).isEqualTo(40.0);
  }

  @Test
  void writeProducesTheMarkdownReportAndReturnsItsPath() throws IOException {
    Path report = report().write(results(), dir);

    assertThat(report).isEqualTo(dir.resolve("report.md"));
    assertThat(Files.readString(report)).isEqualTo(report().markdown(results()));
  }

  @Test
  void writeProducesDecodablePngCharts() throws IOException {
    report().write(results(), dir);

    // BAHE ran at two text lengths: the sweep chart of AUC against T is written and linked too
    assertThat(Files.readString(dir.resolve("report.md"))).contains("![AUC against T](auc-by-length.png)");
    for (String chart : List.of("auc.png", "cost.png", "auc-by-length.png")) {
      assertThat(dir.resolve(chart)).isRegularFile();
      BufferedImage image = ImageIO.read(dir.resolve(chart).toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).isPositive();
      assertThat(image.getHeight()).isPositive();
    }
  }

  @Test
  void writeSucceedsWhenEveryTextRunFailed() throws IOException {
    List<VariantResult> failedRuns = List.of(DNN, VariantResult.failed("llm-ctr", 1024, 5000.0, "out of memory"),
        VariantResult.failed("bahe", 1024, Double.NaN, "JVM ended with exit code 134 without a result"));

    Path report = report().write(failedRuns, dir);

    assertThat(table(Files.readString(report), 1024).keySet()).containsExactly("dnn", "llm-ctr", "bahe");
    assertThat(ImageIO.read(dir.resolve("auc.png").toFile())).isNotNull();
    assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(4);
    assertThat(dir.resolve("auc-by-length.png")).as("no sweep chart without two successful text lengths")
        .doesNotExist();
  }

  @Test
  void theOracleIsTheFirstRowLabelledAsTheCeilingAndTheReportOpensWithTheVerdict() throws IOException {
    VariantResult oracle = new VariantResult("oracle", 0, 0.8255, 0.55, 0.82, 0.001, Double.NaN, 200, Double.NaN,
        Double.NaN, 0, 0, "ok", 75, LearningCurve.EMPTY);
    LearningCurve curve = new LearningCurve(List.of(new LearningCurve.StepPoint(1, 1, 0.7),
        new LearningCurve.StepPoint(2, 1, 0.6)), List.of(new LearningCurve.EpochPoint(1, 2, 0.65, 0.7, 0.6)));
    List<VariantResult> results = List.of(BAHE_1024.with(35, curve), STATS, oracle, LLM_CTR_1024.with(35, curve));

    String md = report().markdown(results);

    Map<String, Map<String, String>> t1024 = table(md, 1024);
    assertThat(t1024.keySet()).containsExactly("oracle (Bayes ceiling)", "stats", "llm-ctr", "bahe");
    assertThat(t1024.get("oracle (Bayes ceiling)")).containsEntry("AUC", "0.8255").containsEntry("GAUC users", "75");
    assertThat(t1024.get("bahe")).containsEntry("GAUC users", "35");
    assertThat(t1024.get("stats")).containsEntry("GAUC users", "–");
    List<String> lines = md.lines().toList();
    assertThat(lines.get(2)).startsWith("**AUC:** `stats` wins with test AUC 0.7395");
    assertThat(lines.get(3)).startsWith("**Text vs baselines:** `llm-ctr` (T = 1024)")
        .contains("the oracle (Bayes ceiling) reaches 0.8255");
    assertThat(lines.get(4)).startsWith("**Cost:**");
    assertThat(md).contains("`oracle (Bayes ceiling)` scores the test impressions");

    report().write(results, dir);
    assertThat(Files.readString(dir.resolve("report.md"))).contains("![Learning curves](learning.png)");
    for (String chart : List.of("auc.png", "learning.png", "cost.png")) {
      assertThat(ImageIO.read(dir.resolve(chart).toFile())).as(chart).isNotNull();
    }
    JsonNode doc = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(doc.at("/results/0/learning/steps/1/loss").asDouble()).isEqualTo(0.6);
    assertThat(doc.at("/results/2/variant").asText()).isEqualTo("oracle");
  }

  @Test
  void withoutAnyCurveThereIsNoLearningChart() throws IOException {
    report().write(results(), dir);

    assertThat(dir.resolve("learning.png")).doesNotExist();
    assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("learning.png");
  }
}
