package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.model.Variant;
import dev.bahe.examples.experiment.EvalBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class BaheCliTest {

  @TempDir
  Path dir;

  /** Every runnable (leaf) subcommand, as its argument path, e.g. ["bench", "stores"]. */
  static Stream<List<String>> leafCommands() {
    List<List<String>> out = new ArrayList<>();
    collect(BaheCli.commandLine(), new ArrayList<>(), out);
    return out.stream();
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandName().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(sub.getCommandName());
      if (sub.getSubcommands().isEmpty()) {
        if (!out.contains(p)) {
          out.add(p);
        }
      } else {
        collect(sub, p, out);
      }
    }
  }

  @Test
  void theImplementedCommandsAreRegistered() {
    assertThat(leafCommands()).contains(List.of("generate"), List.of("encode"), List.of("train"),
        List.of("evaluate"), List.of("export"), List.of("bench", "stores"), List.of("bench", "abe"), List.of("bench", "train-step"),
        List.of("doctor"));
  }

  @ParameterizedTest
  @MethodSource("leafCommands")
  void everyCommandHasHelpWithConfigSetAndJson(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Usage: bahe " + String.join(" ", command))
        .contains("--config=FILE").contains("--set=KEY=VALUE").contains("--json=FILE").contains("--help");
  }

  @Test
  void topLevelHelpListsCommandsAndNoCommandIsUsageError() {
    CliRun help = CliRun.of("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("generate", "encode", "train", "evaluate", "export", "bench", "doctor");
    assertThat(CliRun.of().exitCode()).isEqualTo(2);
    assertThat(CliRun.of("no-such-command").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("bench").exitCode()).isEqualTo(2);
  }

  @Test
  void versionNamesTheProject() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("bahe 0.").contains("Java 17");
  }

  @Test
  void overridesApplyInOrderOverTheConfigFile() throws IOException {
    Path yaml = dir.resolve("exp.yaml");
    Files.writeString(yaml, "variant: fp\ntraining:\n  batchSize: 16\n  epochs: 5\n");
    TrainCommand train = new TrainCommand();
    new CommandLine(train).parseArgs("--config", yaml.toString(), "--epochs", "2", "--set",
        "training.batchSize=8", "--set", "training.epochs=7", "--data", "movielens", "--data-path", "2024");
    ExperimentConfig config = Configs.withDefaultStorePath(train.common, List.of("variant=abe"));
    assertThat(config.variant()).isEqualTo(Variant.ABE);                 // command override over the file
    assertThat(config.training().batchSize()).isEqualTo(8);              // --set over the file
    assertThat(config.training().epochs()).isEqualTo(7);                 // --set applies last
    assertThat(config.training().patience()).isEqualTo(1);               // untouched default
    assertThat(config.store().path()).isEqualTo(Path.of("bahe-output", "store-file-k3-mean-K32-float32").toString());
  }

  @Test
  void convenienceOptionsBecomeOverrides() {
    TrainCommand train = new TrainCommand();
    new CommandLine(train).parseArgs("--data", "movielens", "--data-path", "2024", "--skip-bad-rows",
        "--variant", "llm-ctr", "--text-length", "1024", "--steps", "3", "--output", "out dir");
    ExperimentConfig config = Configs.withDefaultStorePath(train.common, train.overrides());
    assertThat(config.data().source()).isEqualTo("movielens");
    assertThat(config.data().path()).isEqualTo("2024"); // quoted, so it stays a string
    assertThat(config.data().skipBadRows()).isTrue();
    assertThat(config.variant()).isEqualTo(Variant.LLM_CTR);
    assertThat(config.sequence().textLength()).isEqualTo(1024);
    assertThat(config.training().maxSteps()).isEqualTo(3);
    assertThat(config.output()).isEqualTo("out dir");
    assertThat(config.store().path()).isEqualTo(Path.of("out dir", "store-file-k3-mean-K32-float32").toString());
  }

  @Test
  void evaluationCapsDefaultPerCommandAndValidationCanBeCappedSeparately() {
    AblationCommand defaults = new AblationCommand();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.run.evalBudget(2000)).isEqualTo(EvalBudget.both(2000));

    AblationCommand both = new AblationCommand();
    new CommandLine(both).parseArgs("--max-eval-samples", "0");
    assertThat(both.run.evalBudget(2000)).isEqualTo(new EvalBudget(0, 0));

    AblationCommand split = new AblationCommand();
    new CommandLine(split).parseArgs("--max-valid-samples", "1000", "--max-eval-samples", "0");
    assertThat(split.run.evalBudget(2000)).isEqualTo(new EvalBudget(1000, 0));

    AblationCommand negative = new AblationCommand();
    new CommandLine(negative).parseArgs("--max-valid-samples", "-1");
    assertThatThrownBy(() -> negative.run.evalBudget(2000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valid -1");
  }

  @Test
  void badOverrideFailsNamingTheKey() {
    CliRun run = CliRun.of("generate", "--out", dir.toString(), "--set", "data.syntheticUserz=5");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("data.syntheticUserz").contains("syntheticUsers");
    CliRun badValue = CliRun.of("generate", "--out", dir.toString(), "--set", "training.batchSize=lots");
    assertThat(badValue.exitCode()).isEqualTo(1);
    assertThat(badValue.err()).contains("training.batchSize");
  }

  @Test
  void experimentsCheckEveryPlannedRunBeforeStartingAny() {
    Path out = dir.resolve("typo");
    CliRun variant = CliRun.of("ablation", "--variants", "llm-ctr,bhae,bahe", "--text-lengths", "64",
        "--output", out.toString());
    assertThat(variant.exitCode()).isEqualTo(1);
    assertThat(variant.err()).contains("unknown variant 'bhae'").contains("llm-ctr, fp, abe, bahe")
        .doesNotContain("Exception");

    CliRun pooling = CliRun.of("pooling", "--poolings", "mean,meen", "--output", out.toString());
    assertThat(pooling.exitCode()).isEqualTo(1);
    assertThat(pooling.err()).contains("unknown pooling 'meen'").contains("[cls, eos, max, mean]")
        .doesNotContain("CreationException").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  @Test
  void aTextLengthThatNoHistoryReachesIsRefusedNamingItsRunBeforeAnyRunStarts() {
    Path out = dir.resolve("unreachable");
    // two reachable lengths first: the check walks every run with one tokenizer, then refuses the third
    CliRun run = CliRun.of("sweep-length", "--variants", "bahe,llm-ctr", "--text-lengths", "16,32,100000",
        "--set", "backbone.name=tiny-bert", "--set", "data.syntheticUsers=8", "--set", "data.syntheticItems=12",
        "--output", out.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("sweep-length run bahe-T100000").contains("sequence.textLength = 100000")
        .contains("reaches no history").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingConfigFileIsNamed() {
    CliRun run = CliRun.of("doctor", "--config", dir.resolve("nope.yaml").toString(), "--skip-parity");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("nope.yaml");
  }

  @Test
  void generateWritesFilesThatLoadBackAndJsonWithTheOverriddenConfig() throws IOException {
    Path data = dir.resolve("data");
    Path json = dir.resolve("gen.json");
    CliRun run = CliRun.of("generate", "--out", data.toString(), "--set", "data.syntheticUsers=40",
        "--items", "30", "--seed", "9", "--json", json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("40 users, 30 items");
    assertThat(data.resolve("items.tsv")).isRegularFile();
    assertThat(Files.readAllLines(data.resolve("behaviors.tsv")).get(0)).isEqualTo("user_id\ttype\ttimestamp\ttext");

    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertThat(doc.get("command").asText()).isEqualTo("generate");
    assertThat(doc.at("/config/data/syntheticUsers").asInt()).isEqualTo(40);
    assertThat(doc.at("/config/data/seed").asLong()).isEqualTo(9);
    assertThat(doc.at("/result/users").asInt()).isEqualTo(40);
    assertThat(doc.at("/system/cores").asInt()).isPositive();
    long behaviors = doc.at("/result/behaviors").asLong();

    var loaded = dev.bahe.examples.data.Datasets.loadWithReport(
        new dev.bahe.core.config.DataOptions("tsv", data.toString(), 0.1, 0.2, 1, 1, 0.02, 1.0, 1, false));
    assertThat(loaded.dataset().histories()).hasSize(40);
    assertThat(loaded.dataset().items()).hasSize(30);
    assertThat(loaded.report().behaviors()).isEqualTo(behaviors);
    assertThat(loaded.report().hasIssues()).isFalse();

    // JSON Lines too, loadable through the CLI's data options
    Path jsonl = dir.resolve("jsonl");
    assertThat(CliRun.of("generate", "--out", jsonl.toString(), "--format", "jsonl", "--users", "10").exitCode())
        .isZero();
    assertThat(jsonl.resolve("impressions.jsonl")).isRegularFile();
  }

  @Test
  void benchStoresPrintsOneJsonLinePerStore() throws IOException {
    Path json = dir.resolve("bench.json");
    CliRun run = CliRun.of("bench", "stores", "--stores", "memory,file", "--vectors", "3000", "--dim", "16",
        "--batch", "50", "--seconds", "0.2", "--json", json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.out().lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      JsonNode n = mapper.readTree(line);
      assertThat(n.get("vectors").asLong()).isEqualTo(3000);
      assertThat(n.get("dimension").asInt()).isEqualTo(16);
      assertThat(n.get("vectorsPerSecond").asDouble()).isPositive();
    }
    JsonNode doc = mapper.readTree(json.toFile());
    assertThat(doc.at("/result/0/store").asText()).isEqualTo("memory");
    assertThat(doc.at("/result/1/store").asText()).isEqualTo("file");
  }

  @Test
  void benchAbeMeasuresEachEncoderOnRealBehaviourTexts() throws IOException {
    CliRun run = CliRun.of("bench", "abe", "--encoders", "djl", "--texts", "40", "--set", "backbone.name=tiny-bert",
        "--set", "data.syntheticUsers=5", "--set", "data.syntheticItems=12");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.out().lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).hasSize(1);
    JsonNode n = new ObjectMapper().readTree(lines.get(0));
    assertThat(n.get("encoder").asText()).isEqualTo("djl");
    assertThat(n.get("texts").asInt()).isEqualTo(40);
    assertThat(n.get("behaviorsPerSecond").asDouble()).isPositive();
  }

  @Test
  void benchTrainStepTimesEachVariantAndComparesWithLlmCtr() throws IOException {
    CliRun run = CliRun.of("bench", "train-step", "--variants", "llm-ctr,bahe", "--steps", "1", "--text-length",
        "64", "--set", "backbone.name=tiny-bert", "--set", "encoder.name=djl", "--set", "store.name=memory",
        "--set", "training.batchSize=4", "--set", "sequence.maxBehaviorsPerType=3", "--set",
        "data.syntheticUsers=8", "--set", "data.syntheticItems=12");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : run.out().lines().filter(l -> l.startsWith("{")).toList()) {
      rows.add(new ObjectMapper().readTree(line));
    }
    assertThat(rows).extracting(n -> n.get("variant").asText()).containsExactly("llm-ctr", "bahe");
    assertThat(rows).allSatisfy(n -> {
      assertThat(n.get("samplesPerSecond").asDouble()).isPositive();
      assertThat(n.get("textLength").asInt()).isEqualTo(64);
      assertThat(n.get("batchSize").asInt()).isEqualTo(4);
    });
    assertThat(run.out()).contains("x LLM-CTR");
  }

  @Test
  void benchOfAnUnknownStoreListsTheKnownOnes() {
    CliRun run = CliRun.of("bench", "stores", "--stores", "redis");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("redis").contains("memory");
  }
}
