package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bahe.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiment outputs written by {@link ResultsReport} (with run configurations as the runner writes them) merge
 * into one list when they share data and test impressions, and are refused, naming what differs, when they do not.
 */
class ResultsMergeTest {

  @TempDir
  Path dir;

  private static final VariantResult STATS =
      new VariantResult("stats", 0, 0.5068, 0.6786, 0.4985, 1.5, 40000.0, 290.0, Double.NaN, Double.NaN, 16943, 0,
          "ok");
  private static final VariantResult BAHE_128 =
      new VariantResult("bahe", 128, 0.71, 0.60, 0.70, 200.0, 90.0, 1500.0, Double.NaN, 1.4, 16943, 0, "ok");
  private static final VariantResult BAHE_2048 =
      new VariantResult("bahe", 2048, 0.75, 0.58, 0.72, 1400.0, 12.0, 2500.0, Double.NaN, 1.4, 16943, 0, "ok");
  private static final VariantResult LLM_CTR_128 =
      new VariantResult("llm-ctr", 128, 0.70, 0.61, 0.69, 1300.0, 13.0, 3100.0, Double.NaN, Double.NaN, 16943, 0,
          "ok");

  /** An experiment output as the commands leave it: results.json and the run configurations. */
  private Path output(String name, List<VariantResult> results, List<String> dataOverrides, int testSamples)
      throws IOException {
    return output(name, results, dataOverrides, List.of(), testSamples);
  }

  /** As above, every run configured with {@code runOverrides} too, each in its own runs/<id>.yaml. */
  private Path output(String name, List<VariantResult> results, List<String> dataOverrides,
      List<String> runOverrides, int testSamples) throws IOException {
    Path out = dir.resolve(name);
    ConfigLoader loader = new ConfigLoader();
    Files.createDirectories(out.resolve("runs"));
    List<String> overrides = new ArrayList<>(dataOverrides);
    overrides.addAll(runOverrides);
    overrides.add("output=" + out);
    for (VariantResult r : results) {
      String id = r.variant() + (r.textLength() > 0 ? "-T" + r.textLength() : "");
      Files.writeString(out.resolve("runs").resolve(id + ".yaml"), loader.toYaml(loader.load(null, overrides)));
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("command", "bahe sweep-length");
    provenance.put("maxValidSamples", testSamples);
    provenance.put("maxTestSamples", testSamples);
    new ResultsReport(name, provenance).write(results, out);
    return out;
  }

  private static VariantResult bahe2048(double auc, double trainSeconds) {
    return new VariantResult("bahe", 2048, auc, 0.60, 0.70, trainSeconds, 12.0, 2500.0, Double.NaN, 1.4, 16943, 0,
        "ok");
  }

  @Test
  void mergesOutputsOfTheSameSplitKeepingEachBaselineOnce() throws IOException {
    Path bahe = output("bahe", List.of(STATS, BAHE_128, BAHE_2048), List.of(), 0);
    Path llm = output("llm", List.of(STATS, LLM_CTR_128), List.of(), 0);

    ResultsMerge.Merged merged = ResultsMerge.merge(List.of(ResultsMerge.read(bahe), ResultsMerge.read(llm)));

    assertThat(merged.results()).containsExactly(STATS, BAHE_128, BAHE_2048, LLM_CTR_128);
    assertThat(merged.replicates()).isEmpty();
  }

  @Test
  void runsThatDifferOnlyInTheTrainingSeedBecomeOneRowOfMeansWithEachSeedKept() throws IOException {
    Path s42 = output("s42", List.of(STATS, bahe2048(0.75, 900)), List.of(), List.of("training.seed=42"), 0);
    Path s43 = output("s43", List.of(bahe2048(0.73, 1000)), List.of(), List.of("training.seed=43"), 0);
    Path llm = output("llm", List.of(STATS, LLM_CTR_128), List.of(), 0);
    Path s44 = output("s44", List.of(bahe2048(0.74, 1100)), List.of(), List.of("training.seed=44"), 0);

    ResultsMerge.Merged merged = ResultsMerge.merge(List.of(ResultsMerge.read(s42), ResultsMerge.read(s43),
        ResultsMerge.read(llm), ResultsMerge.read(s44)));

    assertThat(merged.results()).extracting(VariantResult::variant).containsExactly("stats", "bahe", "llm-ctr");
    VariantResult mean = merged.results().get(1);
    assertThat(mean.textLength()).isEqualTo(2048);
    assertThat(mean.auc()).isCloseTo(0.74, within(1e-12));
    assertThat(mean.trainSeconds()).isCloseTo(1000, within(1e-9));
    assertThat(merged.replicates()).singleElement().satisfies(rep -> {
      assertThat(rep.variant()).isEqualTo("bahe");
      assertThat(rep.seeds()).containsExactly(42L, 43L, 44L);
      assertThat(rep.aucs()).containsExactly(0.75, 0.73, 0.74);
      assertThat(rep.meanAuc()).isCloseTo(0.74, within(1e-12));
      // sample standard deviation of 0.75, 0.73, 0.74: sqrt((0.0001 + 0.0001 + 0) / 2) = 0.01
      assertThat(rep.sdAuc()).isCloseTo(0.01, within(1e-12));
    });

    String md = new ResultsReport("seeds", Map.of(), merged.replicates()).markdown(merged.results());
    assertThat(md).contains("| bahe (mean of 3 seeds) | 0.7400 |")
        .contains("| bahe | 2048 | 3 | 42: 0.7500, 43: 0.7300, 44: 0.7400 | 0.7400 ± 0.0100 |");
  }

  @Test
  void refusesRepeatedRowsWhoseRunsDifferInMoreThanTheSeed() throws IOException {
    Path a = output("a", List.of(BAHE_128), List.of(), List.of("training.seed=42"), 0);
    Path b = output("b", List.of(BAHE_128), List.of(),
        List.of("training.seed=43", "sequence.maxBehaviorsPerType=50"), 0);

    assertThatThrownBy(() -> ResultsMerge.merge(List.of(ResultsMerge.read(a), ResultsMerge.read(b))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bahe T=128 is in both " + a + " and " + b)
        .hasMessageContaining("differ in more than the training seed: sequence.maxBehaviorsPerType: 50 against 20");
  }

  @Test
  void refusesOutputsOfOtherData() throws IOException {
    Path bahe = output("bahe", List.of(BAHE_128), List.of(), 0);
    Path llm = output("llm", List.of(LLM_CTR_128), List.of("data.syntheticUsers=600"), 0);

    assertThatThrownBy(() -> ResultsMerge.merge(List.of(ResultsMerge.read(bahe), ResultsMerge.read(llm))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(llm.toString()).hasMessageContaining("other data").hasMessageContaining("600");
  }

  @Test
  void refusesOutputsScoredOnOtherTestImpressions() throws IOException {
    Path bahe = output("bahe", List.of(BAHE_128), List.of(), 0);
    Path llm = output("llm", List.of(LLM_CTR_128), List.of(), 2000);

    assertThatThrownBy(() -> ResultsMerge.merge(List.of(ResultsMerge.read(bahe), ResultsMerge.read(llm))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxValidSamples = 2000 against 0");
  }

  @Test
  void refusesATextModelRowInTwoOutputs() throws IOException {
    Path a = output("a", List.of(BAHE_128), List.of(), 0);
    Path b = output("b", List.of(BAHE_128, LLM_CTR_128), List.of(), 0);

    assertThatThrownBy(() -> ResultsMerge.merge(List.of(ResultsMerge.read(a), ResultsMerge.read(b))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bahe T=128 is in both " + a + " and " + b)
        .hasMessageContaining("both were trained with training.seed = 42");
  }

  @Test
  void refusesADirectoryWithoutResultsOrRunConfigurations() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ResultsMerge.read(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty + " holds no results.json");

    Path noRuns = dir.resolve("no-runs");
    new ResultsReport("x", Map.of()).write(List.of(BAHE_128), noRuns);
    assertThatThrownBy(() -> ResultsMerge.read(noRuns)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no run configuration");
  }

  @Test
  void refusesAnOutputWhoseRunsConfigureDifferentData() throws IOException {
    Path out = output("mixed", List.of(BAHE_128), List.of(), 0);
    ConfigLoader loader = new ConfigLoader();
    Files.writeString(out.resolve("runs").resolve("other.yaml"),
        loader.toYaml(loader.load(null, List.of("data.seed=8"))));

    assertThatThrownBy(() -> ResultsMerge.read(out)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configure different data");
  }
}
