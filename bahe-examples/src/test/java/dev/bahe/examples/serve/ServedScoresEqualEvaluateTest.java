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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parity oracle of the service: for a trained checkpoint, the scores served over HTTP on 127.0.0.1 for every
 * test impression equal {@code bahe evaluate --predictions} for the same checkpoint and impressions (max abs
 * difference ≤ 1e-5). encode → train → evaluate through the command line on a small synthetic TSV dataset with a
 * tiny random BERT and the file store, then the service opens the checkpoint the way {@code bahe serve} does.
 */
@Tag("slow")
class ServedScoresEqualEvaluateTest {

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private static List<String> args(String command, Path data, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of(command, "--data", "tsv", "--data-path", data.toString(),
        "--set", "backbone.name=tiny-bert", "--set", "encoder.name=djl",
        "--set", "sequence.maxBehaviorsPerType=4", "--set", "sequence.textLength=96",
        "--set", "training.batchSize=8", "--set", "output=" + out));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void servedScoresEqualEvaluatePredictions() throws Exception {
    Path data = dir.resolve("data");
    TabularDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSpec(30, 24, 5, 20, 8, 360)).dataset(),
        data, TabularFormat.TSV);
    Path out = dir.resolve("out");
    assertThat(BaheCli.run(args("encode", data, out).toArray(String[]::new))).isZero();
    Path trainJson = dir.resolve("train.json");
    List<String> train = args("train", data, out, "--variant", "bahe", "--epochs", "1", "--steps", "3", "--json",
        trainJson.toString());
    assertThat(BaheCli.run(train.toArray(String[]::new))).isZero();
    Path checkpoint = Path.of(json.readTree(trainJson.toFile()).at("/result/checkpoint").asText());
    Path predictions = dir.resolve("predictions.tsv");
    assertThat(BaheCli.run("evaluate", "--checkpoint", checkpoint.toString(), "--predictions",
        predictions.toString())).isZero();

    // impressions grouped by (user, time): one request scores all of a group's items
    Map<String, List<String[]>> groups = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(predictions);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      groups.computeIfAbsent(f[0] + "\t" + f[2], k -> new ArrayList<>()).add(f);
    }
    assertThat(groups).isNotEmpty();

    CheckpointModelSource source = new CheckpointModelSource(
        d -> new ConfigLoader().load(d.resolve("config.yaml"), List.of()).withDefaultStorePath(), Datasets::load,
        List.of(new EncodersModule(), new StoresModule(), new HeadsModule()));
    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0);
    double maxDiff = 0;
    int compared = 0;
    try (source; ScoringServer server = ScoringServer.start(new ScoringService(source, checkpoint, options,
        ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
      HttpClient client = HttpClient.newHttpClient();
      for (List<String[]> group : groups.values()) {
        List<Map<String, String>> candidates = new ArrayList<>();
        group.forEach(f -> candidates.add(Map.of("itemId", f[1])));
        String body = json.writeValueAsString(Map.of("userId", group.get(0)[0],
            "time", Long.parseLong(group.get(0)[2]), "candidates", candidates));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/v1/score")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode scores = json.readTree(r.body()).get("scores");
        for (int i = 0; i < group.size(); i++) {
          maxDiff = Math.max(maxDiff, Math.abs(scores.get(i).asDouble() - Double.parseDouble(group.get(i)[4])));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(lines.size() - 1);
    assertThat(maxDiff).as("max |served - evaluate| over %d impressions", compared).isLessThanOrEqualTo(1e-5);
  }

}
