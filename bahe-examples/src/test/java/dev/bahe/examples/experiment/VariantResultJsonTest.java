package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON form of {@link VariantResult}, as the worker JVM writes it and the runner reads it back: the snake-case
 * field names of results.json, a lossless round trip, and NaN metrics of a failed run written as {@code "NaN"}
 * strings (never dropped) and read back as NaN.
 */
class VariantResultJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  private static VariantResult bahe() {
    return new VariantResult("bahe", 1024, 0.7132, 0.52, 0.66, 120.5, 40.0, 1000.0, 0.7352, 33.0, 4820, 1, "ok");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyMeasureIsWrittenUnderItsSnakeCaseName() throws Exception {
    JsonNode node = json.readTree(json.writeValueAsString(bahe()));

    assertThat(fieldNames(node)).containsExactlyInAnyOrder("variant", "text_length", "auc", "logloss", "gauc",
        "train_seconds", "train_samples_per_second", "peak_rss_mb", "auc_d", "abe_seconds", "train_samples",
        "skipped_steps", "status", "gauc_users", "learning", "recomputed_steps", "align_seconds");
    assertThat(node.get("variant").asText()).isEqualTo("bahe");
    assertThat(node.get("text_length").asInt()).isEqualTo(1024);
    assertThat(node.get("auc").asDouble()).isEqualTo(0.7132);
    assertThat(node.get("train_samples_per_second").asDouble()).isEqualTo(40.0);
    assertThat(node.get("peak_rss_mb").asDouble()).isEqualTo(1000.0);
    assertThat(node.get("auc_d").asDouble()).isEqualTo(0.7352);
    assertThat(node.get("train_samples").asLong()).isEqualTo(4820);
    assertThat(node.get("status").asText()).isEqualTo("ok");
  }

  @Test
  void aResultRoundTripsThroughJson() throws Exception {
    VariantResult back = json.readValue(json.writeValueAsString(bahe()), VariantResult.class);

    assertThat(back).isEqualTo(bahe());
    assertThat(back.ok()).isTrue();
  }

  @Test
  void aFailedRunKeepsEveryFieldWithNanMetricsAsStrings() throws Exception {
    VariantResult failed = VariantResult.failed("llm-ctr", 2048, 5900.0, "out of memory: Java heap space");

    JsonNode node = json.readTree(json.writeValueAsString(failed));

    assertThat(fieldNames(node)).hasSize(17).contains("auc", "logloss", "gauc", "auc_d", "train_seconds");
    assertThat(node.get("auc").isTextual()).as("NaN is written as a string: %s", node).isTrue();
    assertThat(node.get("auc").asText()).isEqualTo("NaN");
    assertThat(node.get("train_samples_per_second").asText()).isEqualTo("NaN");
    assertThat(node.get("peak_rss_mb").asDouble()).isEqualTo(5900.0);
    assertThat(node.get("status").asText()).isEqualTo("out of memory: Java heap space");
  }

  @Test
  void aFailedRunReadsBackWithNanMetricsAndItsStatus() throws Exception {
    VariantResult failed = VariantResult.failed("fp", 1024, Double.NaN, "timed out after 240 min");

    VariantResult back = json.readValue(json.writeValueAsString(failed), VariantResult.class);

    assertThat(back.ok()).isFalse();
    assertThat(back.auc()).isNaN();
    assertThat(back.peakRssMb()).isNaN();
    assertThat(back.trainSamples()).isZero();
    assertThat(back.status()).isEqualTo("timed out after 240 min");
    assertThat(back).isEqualTo(failed);
  }

  @Test
  void onlyTheStatusOkCountsAsOk() {
    assertThat(bahe().ok()).isTrue();
    assertThat(VariantResult.failed("bahe", 96, 1.0, "failed: IllegalStateException: x").ok()).isFalse();
  }

  @Test
  void theLearningCurveAndGaucUsersRoundTripUnderTheirSnakeCaseNames() throws Exception {
    LearningCurve curve = new LearningCurve(
        List.of(new LearningCurve.StepPoint(1, 1, 0.71), new LearningCurve.StepPoint(2, 1, 0.69)),
        List.of(new LearningCurve.EpochPoint(1, 2, 0.70, 0.61, Double.NaN)));
    VariantResult r = bahe().with(35, curve);

    JsonNode node = json.readTree(json.writeValueAsString(r));
    assertThat(node.get("gauc_users").asInt()).isEqualTo(35);
    assertThat(node.at("/learning/steps/1/loss").asDouble()).isEqualTo(0.69);
    assertThat(node.at("/learning/epochs/0/valid_auc").asDouble()).isEqualTo(0.61);
    assertThat(fieldNames(node.at("/learning/epochs/0"))).containsExactly("epoch", "step", "train_loss",
        "valid_auc", "valid_logloss");
    VariantResult back = json.readValue(json.writeValueAsString(r), VariantResult.class);
    assertThat(back).isEqualTo(r);
    assertThat(back.learning().epochs().get(0).validLogLoss()).isNaN();
  }

  @Test
  void aResultWrittenBeforeTheCurvesExistedReadsBackWithAnEmptyCurve() throws Exception {
    String old = "{\"variant\":\"dnn\",\"text_length\":0,\"auc\":0.7,\"logloss\":0.6,\"gauc\":0.6,"
        + "\"train_seconds\":1.0,\"train_samples_per_second\":10.0,\"peak_rss_mb\":300.0,\"auc_d\":\"NaN\","
        + "\"abe_seconds\":\"NaN\",\"train_samples\":10,\"skipped_steps\":0,\"status\":\"ok\"}";

    VariantResult back = json.readValue(old, VariantResult.class);

    assertThat(back.learning()).isEqualTo(LearningCurve.EMPTY);
    assertThat(back.gaucUsers()).isZero();
    assertThat(back.auc()).isEqualTo(0.7);
  }
}
