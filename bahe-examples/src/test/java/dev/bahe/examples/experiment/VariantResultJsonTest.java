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
        "skipped_steps", "status");
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

    assertThat(fieldNames(node)).hasSize(13).contains("auc", "logloss", "gauc", "auc_d", "train_seconds");
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
}
