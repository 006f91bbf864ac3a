package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.examples.experiment.LearningCurve;
import dev.bahe.examples.experiment.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --json} document of the experiment commands and the one-line JSON they print per finished run: the
 * results under {@code result} with their snake-case fields, NaN metrics written as {@code "NaN"} and never
 * dropped.
 */
class JsonResultsTest {

  @TempDir
  Path dir;

  private static final VariantResult BAHE =
      new VariantResult("bahe", 96, 0.61, 0.69, 0.58, 3.5, 6.9, 812.0, 0.6, 1.2, 24, 0, "ok");
  private static final VariantResult FAILED =
      VariantResult.failed("llm-ctr", 96, Double.NaN, "timed out after 5 min");

  @Test
  void theDocumentHoldsEveryResultUnderResultWithNanAsStrings() throws IOException {
    Path file = dir.resolve("nested").resolve("ablation.json");

    JsonResults.write(file, "ablation", null, List.of(BAHE, FAILED));

    JsonNode doc = new ObjectMapper().readTree(file.toFile());
    assertThat(doc.get("command").asText()).isEqualTo("ablation");
    assertThat(doc.has("createdAt")).isTrue();
    assertThat(doc.has("system")).isTrue();
    assertThat(doc.has("config")).as("no configuration given").isFalse();
    assertThat(doc.get("result")).hasSize(2);
    assertThat(doc.at("/result/0/train_samples_per_second").asDouble()).isEqualTo(6.9);
    assertThat(doc.at("/result/1/auc").asText()).isEqualTo("NaN");
    assertThat(doc.at("/result/1/peak_rss_mb").asText()).isEqualTo("NaN");
    assertThat(doc.at("/result/1/status").asText()).isEqualTo("timed out after 5 min");
  }

  @Test
  void theDocumentsResultsReadBackAsVariantResults() throws IOException {
    Path file = dir.resolve("ablation.json");
    JsonResults.write(file, "ablation", null, List.of(BAHE, FAILED));

    ObjectMapper json = new ObjectMapper();
    JsonNode result = json.readTree(file.toFile()).get("result");

    assertThat(json.treeToValue(result.get(0), VariantResult.class)).isEqualTo(BAHE);
    assertThat(json.treeToValue(result.get(1), VariantResult.class)).isEqualTo(FAILED);
  }

  @Test
  void withoutAFileNothingIsWritten() throws IOException {
    JsonResults.write(null, "ablation", null, List.of(BAHE));

    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aFinishedRunPrintsAsOneLineOfJson() throws IOException {
    String line = JsonResults.toCompactJson(FAILED);

    assertThat(line).doesNotContain("\n").contains("\"variant\":\"llm-ctr\"").contains("\"auc\":\"NaN\"");
    assertThat(new ObjectMapper().readValue(line, VariantResult.class)).isEqualTo(FAILED);
  }

  @Test
  void aFinishedRunsLineLeavesItsLearningCurveToResultsJson() throws IOException {
    LearningCurve curve = new LearningCurve(List.of(new LearningCurve.StepPoint(1, 1, 0.7)),
        List.of(new LearningCurve.EpochPoint(1, 1, 0.7, 0.6, 0.69)));
    VariantResult trained = new VariantResult("bahe", 256, 0.71, 0.6, 0.6, 10, 20, 1000, Double.NaN, 2, 128, 0, "ok",
        12, curve);

    String line = JsonResults.toCompactJson(ExperimentCommandSupport.summary(trained));

    JsonNode node = new ObjectMapper().readTree(line);
    assertThat(node.has("learning")).isFalse();
    assertThat(node.get("gauc_users").asInt()).isEqualTo(12);
    assertThat(node.get("auc").asDouble()).isEqualTo(0.71);
    assertThat(node.get("auc_d").asText()).isEqualTo("NaN");
  }
}
