package dev.bahe.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.examples.cli.BaheCli;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.SyntheticGenerator;
import dev.bahe.examples.data.SyntheticSpec;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import dev.bahe.heads.HeadsModule;
import dev.bahe.serving.CheckpointModelSource;
import dev.bahe.serving.ScoringServer;
import dev.bahe.serving.ScoringService;
import dev.bahe.serving.ServingMetrics;
import dev.bahe.serving.ServingOptions;
import dev.bahe.stores.StoresModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bahe bench serve} runs every load, bounded, and writes its JSON (speed itself is not asserted). */
@Tag("slow")
class BenchServeCommandTest {

  @TempDir
  Path dir;

  @Test
  void runsEveryLoadAndWritesJson() throws Exception {
    Path data = dir.resolve("data");
    TabularDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSpec(30, 24, 5, 20, 8, 360)).dataset(),
        data, TabularFormat.TSV);
    Path out = dir.resolve("out");
    List<String> train = new ArrayList<>(List.of("train", "--variant", "bahe", "--epochs", "1", "--steps", "3",
        "--data", "tsv", "--data-path", data.toString(), "--set", "backbone.name=tiny-bert", "--set",
        "encoder.name=djl", "--set", "sequence.maxBehaviorsPerType=4", "--set", "sequence.textLength=96",
        "--set", "output=" + out, "--json", dir.resolve("train.json").toString()));
    assertThat(BaheCli.run(train.toArray(String[]::new))).isZero();
    ObjectMapper json = new ObjectMapper();
    String checkpoint = json.readTree(dir.resolve("train.json").toFile()).at("/result/checkpoint").asText();

    Path result = dir.resolve("bench.json");
    assertThat(BaheCli.run("bench", "serve", "--checkpoint", checkpoint, "--requests", "30", "--seconds", "2",
        "--history", "20", "--json", result.toString())).isZero();
    JsonNode r = json.readTree(result.toFile()).get("result");
    JsonNode runs = r.get("runs");
    List<String> names = new ArrayList<>();
    runs.forEach(run -> names.add(run.at("/load/name").asText() + " c=" + run.at("/load/concurrency").asInt()));
    assertThat(names).contains("uncached user, 1 candidate c=1", "cached user, 1 candidate c=1",
        "uncached user, 100 candidates c=1", "closed loop, uncached users, 1 candidate c=64",
        "open loop at 2x capacity, uncached users, 1 candidate c=0");
    for (JsonNode each : runs) {
      JsonNode run = each.get("load");
      assertThat(each.get("phaseMeanMs").get("user").asDouble()).as(each.toString()).isPositive();
      assertThat(run.get("requests").asLong()).as(run.toString()).isPositive().isLessThanOrEqualTo(
          Math.max(30, (long) (run.get("targetRate").asDouble() * 2) + 1));
      assertThat(run.get("all").get("p99").asDouble()).isGreaterThanOrEqualTo(run.get("all").get("p50").asDouble());
      run.get("statuses").fieldNames().forEachRemaining(s -> assertThat(s).isIn("200", "503"));
    }
    assertThat(r.get("capacity").asDouble()).isPositive();
    assertThat(r.get("onlineAbe").fieldNames()).toIterable().containsExactly("1", "10", "all-read");
    // new texts go where the model reads them: each one placed is encoded online (at most one per request for
    // "1", up to ten for "10"; a read behaviour whose text is shorter than any new one keeps its text)
    JsonNode abe = r.get("onlineAbe");
    assertThat(abe.get("1").get(3).asDouble()).isPositive().isLessThanOrEqualTo(1.0);
    assertThat(abe.get("10").get(3).asDouble()).isGreaterThan(abe.get("1").get(3).asDouble())
        .isLessThanOrEqualTo(10.0);
    for (String k : List.of("1", "10", "all-read")) {
      assertThat(abe.get(k).get(2).asDouble()).as("encoded per request, " + k).isEqualTo(abe.get(k).get(3).asDouble());
    }

    // against a service running outside the bench (--url), only the selected groups
    CheckpointModelSource source = new CheckpointModelSource(
        d -> new ConfigLoader().load(d.resolve("config.yaml"), List.of()).withDefaultStorePath(), Datasets::load,
        List.of(new EncodersModule(), new StoresModule(), new HeadsModule()));
    try (source; ScoringServer server = ScoringServer.start(new ScoringService(source, Path.of(checkpoint),
        ServingOptions.defaults(dir.resolve("events.log")).withPort(0), ScoringServer.jsonMapper(),
        new ServingMetrics()), ScoringServer.jsonMapper())) {
      Path remote = dir.resolve("remote.json");
      assertThat(BaheCli.run("bench", "serve", "--checkpoint", checkpoint, "--url", "http://127.0.0.1:"
          + server.port(), "--runs", "cached,abe", "--requests", "30", "--seconds", "2", "--history", "20",
          "--json", remote.toString())).isZero();
      JsonNode rr = json.readTree(remote.toFile()).get("result");
      List<String> remoteNames = new ArrayList<>();
      rr.get("runs").forEach(run -> remoteNames.add(run.at("/load/name").asText()));
      assertThat(remoteNames).containsExactly("uncached user, 1 candidate", "cached user, 1 candidate",
          "uncached user, 1 candidate, 1 read texts new (online ABE)", "uncached user, 1 candidate, 10 read texts new"
              + " (online ABE)", "uncached user, 1 candidate, all-read read texts new (online ABE)");
      assertThat(rr.get("modelVersion").asText()).isEqualTo(server.service().modelVersion());
      assertThat(rr.at("/onlineAbe/1/2").asDouble()).isPositive().isEqualTo(rr.at("/onlineAbe/1/3").asDouble());
    }
  }
}
