package dev.bahe.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.examples.cli.BaheCli;
import dev.bahe.examples.data.SyntheticGenerator;
import dev.bahe.examples.data.SyntheticSpec;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bahe serve} as a process: after SIGKILL the store reopens at its last background flush (the vectors
 * encoded online before it are back, only the unflushed tail is lost) and every acknowledged event is restored;
 * SIGTERM drains, flushes and exits 0.
 */
@Tag("slow")
class ServeProcessTest {

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  /** A running {@code bahe serve} child, its port and the file its standard output goes to. */
  private record Served(Process process, int port, Path output) {

    List<String> lines() throws IOException {
      return Files.readAllLines(output);
    }
  }

  private Served serve(Path checkpoint, Path events, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
        BaheCli.class.getName(), "serve", "--checkpoint", checkpoint.toString(), "--port", "0", "--events",
        events.toString()));
    command.addAll(List.of(extra));
    Path out = Files.createTempFile(dir, "serve", ".out");
    Path err = Files.createTempFile(dir, "serve", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    // "serving ... on http://...": printed once the service is warm and ready
    Pattern listening = Pattern.compile("serving .* on http://127\\.0\\.0\\.1:(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(Files.readString(out));
      if (m.find()) {
        return new Served(p, Integer.parseInt(m.group(1)), out);
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("bahe serve is not listening: " + Files.readString(out) + "\n" + Files.readString(err));
  }

  private JsonNode post(int port, String path, Object body) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private double metric(int port, String name) throws Exception {
    String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$").matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private double storeVectors(int port) throws Exception {
    return metric(port, "bahe_store_vectors");
  }

  @Test
  void survivesSigkillAndDrainsOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    TabularDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSpec(30, 24, 5, 20, 8, 360)).dataset(),
        data, TabularFormat.TSV);
    Path out = dir.resolve("out");
    List<String> common = List.of("--data", "tsv", "--data-path", data.toString(), "--set", "backbone.name=tiny-bert",
        "--set", "encoder.name=djl", "--set", "sequence.maxBehaviorsPerType=4", "--set", "sequence.textLength=96",
        "--set", "training.batchSize=8", "--set", "output=" + out);
    List<String> train = new ArrayList<>(List.of("train", "--variant", "bahe", "--epochs", "1", "--steps", "3",
        "--json", dir.resolve("train.json").toString()));
    train.addAll(common);
    assertThat(BaheCli.run(train.toArray(String[]::new))).isZero();
    Path checkpoint = Path.of(json.readTree(dir.resolve("train.json").toFile()).at("/result/checkpoint").asText());
    Path events = dir.resolve("events.jsonl");

    // one new text in each of two types, each the most recent of its type, so both are selected and encoded online
    Map<String, Object> request = Map.of("userId", "u01", "time", 9_999_999_999L,
        "candidates", List.of(Map.of("itemId", "i01")),
        "behaviors", List.of(Map.of("type", "search", "text", "a text first seen by the service",
            "timestamp", 9_500_000_000L)));
    List<Process> started = new ArrayList<>();
    try {
      run(checkpoint, events, request, started);
    } finally {
      started.forEach(Process::destroyForcibly);
    }
  }

  private void run(Path checkpoint, Path events, Map<String, Object> request, List<Process> started)
      throws Exception {
    // no flush on a timer: two waiting vectors start one, so what is flushed before the kill is deterministic
    Served first = serve(checkpoint, events, "--flush-interval-ms", "3600000", "--flush-batch", "2");
    started.add(first.process());
    double stored = storeVectors(first.port());
    post(first.port(), "/v1/events", Map.of("userId", "u01", "behaviors", List.of(
        Map.of("type", "click", "text", "an event acknowledged before the kill", "timestamp", 9_000_000_000L))));
    // the event's text and the request's search text are new: encoded online, answered, then flushed behind
    double scored = post(first.port(), "/v1/score", request).get("scores").get(0).asDouble();
    assertThat(storeVectors(first.port())).isEqualTo(stored + 2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (metric(first.port(), "bahe_store_flushed_vectors_total") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(metric(first.port(), "bahe_store_flushed_vectors_total")).isEqualTo(2);
    assertThat(metric(first.port(), "bahe_store_flushes_total")).isEqualTo(1);
    // one more new text: scored from memory, acknowledged, never flushed (below the batch, no timer)
    Map<String, Object> tail = Map.of("userId", "u01", "time", 9_999_999_999L,
        "candidates", List.of(Map.of("itemId", "i01")),
        "behaviors", List.of(Map.of("type", "search", "text", "a text scored but not yet flushed",
            "timestamp", 9_600_000_000L)));
    post(first.port(), "/v1/score", tail);
    assertThat(storeVectors(first.port())).isEqualTo(stored + 3);
    assertThat(metric(first.port(), "bahe_store_pending_vectors")).isEqualTo(1);
    first.process().destroyForcibly();
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    Served second = serve(checkpoint, events);
    started.add(second.process());
    // the store reopened at its last flush: the two flushed vectors are back, the unflushed tail is not; the event
    // log restored the acknowledged event
    assertThat(storeVectors(second.port())).isEqualTo(stored + 2);
    double encoded = metric(second.port(), "bahe_online_encodings_total");
    assertThat(post(second.port(), "/v1/score", request).get("scores").get(0).asDouble()).isEqualTo(scored);
    assertThat(metric(second.port(), "bahe_online_encodings_total")).isEqualTo(encoded);
    post(second.port(), "/v1/score", tail);
    assertThat(metric(second.port(), "bahe_online_encodings_total")).isEqualTo(encoded + 1);
    assertThat(Files.readAllLines(events)).hasSize(1);

    second.process().destroy();
    assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process().exitValue()).as(String.join("\n", second.lines())).isZero();
    assertThat(second.lines()).anySatisfy(l -> assertThat(l).startsWith("draining"))
        .anySatisfy(l -> assertThat(l).isEqualTo("stopped"));

    // SIGTERM flushed the re-encoded tail: a third start finds it stored
    Served third = serve(checkpoint, events);
    started.add(third.process());
    assertThat(storeVectors(third.port())).isEqualTo(stored + 3);
    third.process().destroy();
    assertThat(third.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
  }
}
