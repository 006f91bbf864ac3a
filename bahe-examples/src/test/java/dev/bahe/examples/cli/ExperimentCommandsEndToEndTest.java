package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.data.SyntheticGenerator;
import dev.bahe.examples.data.SyntheticSpec;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-run experiment commands through the command line, each planned run really started in its own JVM,
 * with a tiny random BERT on a small TSV dataset and a few training steps: the results in results.json and the
 * {@code --json} file (one entry per planned run, the baselines without text first, all ok, finite metrics,
 * measured memory and throughput), and the CSV, Markdown report and PNG charts written next to them. About 20 s per
 * run JVM on 2 cores (each loads PyTorch); {@code sweep-length} is left out because it plans and runs exactly like
 * {@code ablation} (its plan is checked in {@code ExperimentPlansTest}).
 */
@Tag("slow")
class ExperimentCommandsEndToEndTest {

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private Path data;

  @BeforeEach
  void writeDataset() throws IOException {
    data = dir.resolve("data");
    TabularDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSpec(30, 24, 5, 20, 8, 360)).dataset(),
        data, TabularFormat.TSV);
  }

  /** The command with the tiny model, the tiny data and a budget of a few steps, writing into {@code out}. */
  private List<String> args(String command, Path out, Path jsonFile, String... extra) {
    List<String> a = new ArrayList<>(List.of(command, "--data", "tsv", "--data-path", data.toString(),
        "--set", "backbone.name=tiny-bert", "--set", "encoder.name=djl",
        "--set", "sequence.maxBehaviorsPerType=4",
        "--epochs", "1", "--steps", "3", "--batch-size", "8", "--heap", "1g", "--timeout-minutes", "5",
        "--output", out.toString(), "--json", jsonFile.toString()));
    a.addAll(List.of(extra));
    return a;
  }

  private static CliRun run(List<String> args) {
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private static List<String> field(JsonNode results, String name) {
    List<String> values = new ArrayList<>();
    results.forEach(r -> values.add(r.get(name).asText()));
    return values;
  }

  private static void assertMeasured(JsonNode result) {
    assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
    assertThat(result.get("auc").isNumber()).as(result.toString()).isTrue();
    assertThat(result.get("auc").asDouble()).as(result.toString()).isBetween(0.0, 1.0);
    assertThat(result.get("peak_rss_mb").asDouble()).as(result.toString()).isPositive();
  }

  private static void assertTextRunMeasured(JsonNode result) {
    assertMeasured(result);
    assertThat(result.get("train_samples_per_second").asDouble()).as(result.toString()).isPositive();
    assertThat(result.get("train_seconds").asDouble()).as(result.toString()).isPositive();
    assertThat(result.get("train_samples").asLong()).as(result.toString()).isPositive();
  }

  private static void assertDecodablePng(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as(file.toString()).isNotNull();
    assertThat(image.getWidth()).isPositive();
    assertThat(image.getHeight()).isPositive();
  }

  /**
   * The demo's runs through the command line: BAHE and LLM-CTR on the same impressions, then BAHE for LLM-CTR's
   * training time, its step budget computed from the two runs before it and written into its configuration.
   */
  @Test
  void demoTrainsBaheForLlmCtrsTrainingTimeAfterBoth() throws IOException {
    Path out = dir.resolve("demo");
    Path jsonFile = dir.resolve("demo.json");

    run(args("demo", out, jsonFile, "--text-length", "96", "--no-stats", "--no-dnn"));

    JsonNode results = json.readTree(out.resolve("results.json").toFile()).get("results");
    assertThat(field(results, "variant")).containsExactly("bahe", "llm-ctr", "bahe-llm-ctr-time");
    results.forEach(ExperimentCommandsEndToEndTest::assertTextRunMeasured);
    JsonNode bahe = results.get(0);
    JsonNode llm = results.get(1);
    // the demo's BAHE aligns its upper layers on the store before click training; LLM-CTR has nothing to align
    assertThat(bahe.get("align_seconds").asDouble()).isPositive();
    assertThat(results.get(2).get("align_seconds").asDouble()).isPositive();
    assertThat(llm.get("align_seconds").asDouble()).isZero();
    // LLM-CTR's training time, less the alignment the matched BAHE repeats, at BAHE's samples/s, in steps of 8
    double budget = Math.max(0, llm.get("train_seconds").asDouble() - bahe.get("align_seconds").asDouble());
    long steps = (long) Math.ceil(budget * bahe.get("train_samples_per_second").asDouble() / 8);
    ExperimentConfig matched = new ConfigLoader().load(out.resolve("runs").resolve("bahe-llm-ctr-time-T96.yaml"),
        List.of());
    assertThat(matched.training().maxSteps()).isEqualTo((int) Math.max(1, steps));
    assertThat(matched.training().maxTrainSamples()).isZero();
    assertThat(matched.training().patience()).isZero();
    assertThat(matched.variant().id()).isEqualTo("bahe");
    assertThat(Files.readString(out.resolve("report.md"))).contains("| bahe-llm-ctr-time |");
    // each run keeps its own best checkpoint: the time-matched BAHE does not overwrite the BAHE row's
    Path checkpoints = out.resolve("checkpoints");
    for (String run : List.of("bahe-T96", "llm-ctr-T96", "bahe-llm-ctr-time-T96")) {
      assertThat(checkpoints.resolve(run).resolve("model.params")).as(run).isRegularFile();
    }
    ExperimentConfig baheCheckpoint = new ConfigLoader().load(checkpoints.resolve("bahe-T96").resolve("config.yaml"),
        List.of());
    ExperimentConfig matchedCheckpoint = new ConfigLoader().load(
        checkpoints.resolve("bahe-llm-ctr-time-T96").resolve("config.yaml"), List.of());
    assertThat(matchedCheckpoint.training()).isEqualTo(matched.training());
    assertThat(baheCheckpoint.training().patience()).as("the BAHE row stops early; the matched run does not")
        .isPositive();
  }

  @Test
  void ablationRunsTheBaselinesAndEachVariantInItsOwnJvmAndWritesTheReport() throws IOException {
    Path out = dir.resolve("ablation");
    Path jsonFile = dir.resolve("ablation.json");

    CliRun cli = run(args("ablation", out, jsonFile, "--variants", "llm-ctr,bahe", "--text-lengths", "96"));

    JsonNode results = json.readTree(out.resolve("results.json").toFile()).get("results");
    assertThat(field(results, "variant")).containsExactly("stats", "dnn-id", "dnn", "llm-ctr", "bahe");
    assertThat(field(results, "text_length")).containsExactly("0", "0", "0", "96", "96");
    for (int i = 0; i < 3; i++) {
      assertMeasured(results.get(i));
      assertThat(results.get(i).get("train_samples").asLong()).as(results.get(i).toString()).isPositive();
    }
    assertTextRunMeasured(results.get(3));
    assertTextRunMeasured(results.get(4));
    assertThat(results.get(3).get("auc_d").asDouble()).isBetween(0.0, 1.0);
    assertThat(results.get(4).get("auc_d").asDouble()).isBetween(0.0, 1.0);
    // BAHE's behaviours were encoded once, in a JVM of its own, before its training run
    assertThat(results.get(4).get("abe_seconds").asDouble()).isNotNegative();
    assertThat(out.resolve("runs").resolve("bahe-T96.abe.json")).isRegularFile();
    assertThat(out.resolve("runs").resolve("llm-ctr-T96.abe.json")).doesNotExist();
    assertThat(out.resolve("runs").resolve("stats.stats.log")).isRegularFile();

    JsonNode doc = json.readTree(jsonFile.toFile());
    assertThat(doc.get("command").asText()).isEqualTo("ablation");
    assertThat(doc.at("/config/backbone/name").asText()).isEqualTo("tiny-bert");
    assertThat(doc.get("result")).isEqualTo(results);

    assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(6);
    String report = Files.readString(out.resolve("report.md"));
    assertThat(report).contains("## Text length T = 96").contains("| speed-up |").contains("| memory ÷ |");
    assertThat(report).containsPattern("\\| bahe \\|( [^|]+ \\|){7} \\d+\\.\\d× \\|");
    assertThat(report).containsPattern("\\| llm-ctr \\|( [^|]+ \\|){7} 1\\.0× \\|");
    assertThat(report).contains("| stats | ").contains("| dnn-id | ").contains("| dnn | ");
    for (String chart : List.of("auc.png", "learning.png", "cost.png")) {
      assertDecodablePng(out.resolve(chart));
    }
    // each trained run carries its learning curve: one point per step (3) and one per epoch
    for (int i : List.of(3, 4)) {
      assertThat(results.get(i).at("/learning/steps")).as(results.get(i).toString()).hasSize(3);
      assertThat(results.get(i).at("/learning/epochs")).hasSize(1);
      assertThat(results.get(i).at("/learning/epochs/0/valid_auc").asDouble()).isBetween(0.0, 1.0);
    }
    assertThat(results.get(0).at("/learning/steps")).as("stats is fitted without steps").isEmpty();
    // a tsv dataset has no generator truth: no oracle row
    assertThat(report).doesNotContain("oracle");
    // one line per finished run, then the table
    assertThat(cli.out()).contains("ablation: 5 runs").contains("\"variant\":\"bahe\"").contains("| speed-up |");
    // before training, each text run says how much of the histories its T reads
    assertThat(cli.out()).containsPattern("ablation run bahe-T96: T = 96, M = \\d+ read \\d+\\.\\d of the \\d+\\.\\d"
        + " earlier behaviours of a training impression on average \\(\\d+ %, \\d+ tokens\\); T cuts \\d+ % of the"
        + " histories");
  }

  @Test
  void poolingGivesEachPoolingItsOwnStoreAndRow() throws IOException {
    Path out = dir.resolve("pooling");
    Path jsonFile = dir.resolve("pooling.json");

    run(args("pooling", out, jsonFile, "--poolings", "mean,max", "--text-length", "64", "--no-auc-d", "--no-stats",
        "--no-dnn"));

    JsonNode results = json.readTree(jsonFile.toFile()).get("result");
    assertThat(field(results, "variant")).containsExactly("bahe-mean", "bahe-max");
    assertThat(field(results, "text_length")).containsExactly("64", "64");
    results.forEach(ExperimentCommandsEndToEndTest::assertTextRunMeasured);
    assertThat(out.resolve("runs").resolve("bahe-mean-T64.abe.json")).isRegularFile();
    assertThat(out.resolve("runs").resolve("bahe-max-T64.abe.json")).isRegularFile();
    try (var stores = Files.list(out)) {
      assertThat(stores.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("store-")))
          .hasSize(2).anyMatch(n -> n.contains("-mean-")).anyMatch(n -> n.contains("-max-"));
    }
    Path maxYaml = out.resolve("runs").resolve("bahe-max-T64.yaml");
    ExperimentConfig maxConfig = new ConfigLoader().fromYaml(Files.readString(maxYaml), maxYaml.toString());
    assertThat(maxConfig.pooling()).isEqualTo("max");
    assertThat(maxConfig.encoder().pooling()).isEqualTo("max");
    assertThat(Files.readString(out.resolve("report.md"))).contains("| bahe-mean |").contains("| bahe-max |");
    assertThat(out.resolve("checkpoints").resolve("bahe-mean-T64").resolve("model.params")).isRegularFile();
    assertThat(out.resolve("checkpoints").resolve("bahe-max-T64").resolve("model.params")).isRegularFile();
  }

  @Test
  void onSyntheticDataTheOracleIsTheFirstRowAndAboveTheBaselines() throws IOException {
    Path out = dir.resolve("oracle");
    Path jsonFile = dir.resolve("oracle.json");

    run(List.of("ablation", "--data", "synthetic", "--set", "data.syntheticUsers=60", "--set",
        "data.syntheticItems=24", "--variants", "stats", "--heap", "1g", "--timeout-minutes", "5",
        "--output", out.toString(), "--json", jsonFile.toString()));

    JsonNode results = json.readTree(out.resolve("results.json").toFile()).get("results");
    assertThat(field(results, "variant")).containsExactly("oracle", "stats");
    results.forEach(ExperimentCommandsEndToEndTest::assertMeasured);
    assertThat(results.get(0).get("auc").asDouble()).isGreaterThan(results.get(1).get("auc").asDouble());
    assertThat(results.get(0).get("train_samples").asLong()).as("nothing fitted").isZero();
    String report = Files.readString(out.resolve("report.md"));
    assertThat(report).contains("## Baselines (no text)").contains("| oracle (Bayes ceiling) | ");
    assertThat(report.lines().skip(2).findFirst().orElseThrow()).startsWith("**AUC:** `stats` wins");
    assertDecodablePng(out.resolve("auc.png"));
  }

  @Test
  void askingForTheOracleOnFileDataIsAClearError() {
    CliRun cli = CliRun.of(args("ablation", dir.resolve("no-oracle"), dir.resolve("no-oracle.json"), "--variants",
        "oracle,stats").toArray(String[]::new));

    assertThat(cli.exitCode()).as(cli.toString()).isNotZero();
    assertThat(cli.err()).contains("ablation: the oracle baseline needs the generator's click probabilities, so it"
        + " runs only with data.source=synthetic (this data.source is 'tsv')");
  }
}
