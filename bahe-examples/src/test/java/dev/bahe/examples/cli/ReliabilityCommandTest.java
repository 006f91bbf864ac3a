package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bahe reliability} gathers the figures the tests wrote, sums them, and names what is missing. */
class ReliabilityCommandTest {

  @TempDir
  Path project;

  private void write(String relative, String json) throws Exception {
    Path file = project.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
  }

  @Test
  void gathersAndSumsTheRecordedFiguresAndNamesMissingOnes() throws Exception {
    write("bahe-examples/target/reliability/fuzz-datasets.json",
        "{\"outcomes\": {\"accepted\": 3, \"skipped\": 5}, \"cases\": 8}");
    write("bahe-core/target/reliability/fuzz-configs.json", "{\"outcomes\": {\"rejected\": 4}, \"cases\": 4}");
    write("bahe-stores/target/reliability/disk-full-FileBehaviorStoreTest.json",
        "{\"store\": \"file\", \"failedFlushes\": 13, \"reopenedAtPreviousCommit\": 13}");
    write("bahe-examples/target/reliability/kill-encode.json", "{\"kills\": 3, \"survived\": 3}");

    CliRun run = CliRun.of("reliability", "--project", project.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode figures = new ObjectMapper().readTree(run.out());
    assertThat(figures.at("/fuzz/cases").asLong()).isEqualTo(12);
    assertThat(figures.at("/fuzz/datasets/outcomes/skipped").asLong()).isEqualTo(5);
    assertThat(figures.at("/diskFull/0/test").asText()).isEqualTo("FileBehaviorStoreTest");
    assertThat(figures.at("/kills/tried").asLong()).isEqualTo(3);
    assertThat(figures.at("/kills/survived").asLong()).isEqualTo(3);
    assertThat(figures.at("/missing")).hasSize(1);
    assertThat(figures.at("/missing/0").asText()).isEqualTo("bahe-examples/target/reliability/kill-train.json");

    write("bahe-examples/target/reliability/kill-train.json", "{\"kills\": 2, \"survived\": 2}");
    CliRun complete = CliRun.of("reliability", "--project", project.toString());
    assertThat(complete.exitCode()).as(complete.toString()).isZero();
    assertThat(new ObjectMapper().readTree(complete.out()).at("/kills/survived").asLong()).isEqualTo(5);
    assertThat(new ObjectMapper().readTree(complete.out()).has("nonFinite")).isFalse();
  }

  @Test
  void includesTheSeededRunsOfTheNonFiniteScriptWhenTheyExistWithoutRequiringThem() throws Exception {
    write(ReliabilityCommand.NONFINITE_RUNS, "{\"setting\": \"--variants bahe\", \"runs\": 30, \"okRuns\": 30,"
        + " \"steps\": 3840, \"recomputedSteps\": 2, \"skippedSteps\": 0, \"runsWithANonFiniteStep\": 2,"
        + " \"perRun\": []}");

    CliRun run = CliRun.of("reliability", "--project", project.toString());

    JsonNode figures = new ObjectMapper().readTree(run.out());
    assertThat(figures.at("/nonFinite/runs").asInt()).isEqualTo(30);
    assertThat(figures.at("/nonFinite/steps").asInt()).isEqualTo(3840);
    assertThat(figures.at("/nonFinite/recomputedSteps").asInt()).isEqualTo(2);
    assertThat(figures.at("/nonFinite/runsWithANonFiniteStep").asInt()).isEqualTo(2);
    assertThat(figures.at("/nonFinite").has("perRun")).isFalse();
    assertThat(figures.at("/missing").toString()).doesNotContain("nonfinite");
  }
}
