package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bahe.api.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a tiny BAHE checkpoint through a real HTTP client on 127.0.0.1 (ephemeral port). */
class ScoringServerTest {

  @TempDir
  static Path dir;

  private static Dataset dataset;
  private static CheckpointModelSource source;
  private static ScoringServer server;
  private static HttpJson http;

  @BeforeAll
  static void start() {
    dataset = ServingFixtures.dataset();
    Path checkpoint = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt"));
    source = ServingFixtures.source(dataset);
    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0);
    ScoringService service = new ScoringService(source, checkpoint, options, ScoringServer.jsonMapper(),
        new ServingMetrics());
    server = ScoringServer.start(service, ScoringServer.jsonMapper());
    http = new HttpJson(server.port());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private static String scoreBody(String user, long time, List<String> items) {
    List<Map<String, String>> candidates = new ArrayList<>();
    items.forEach(i -> candidates.add(Map.of("itemId", i)));
    return http.json(Map.of("userId", user, "candidates", candidates, "time", time));
  }

  @Test
  void healthAndTheOpenApiDocumentAreServed() {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    HttpJson.Reply ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("modelVersion").asText()).startsWith("bahe-e0-s0-");
    HttpJson.Reply api = http.get("/openapi.json");
    assertThat(api.status()).isEqualTo(200);
    assertThat(api.json().get("openapi").asText()).startsWith("3.");
    assertThat(api.json().get("paths").fieldNames()).toIterable()
        .contains("/v1/score", "/v1/events", "/health/live", "/health/ready", "/metrics", "/admin/reload");
  }

  @Test
  void scoresEveryCandidateOfAUserWithTheUserSideComputedOnce() {
    List<String> items = new ArrayList<>(dataset.items().keySet());
    HttpJson.Reply first = http.post("/v1/score", scoreBody("u3", 65L, items));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode scores = first.json().get("scores");
    assertThat(scores).hasSize(items.size());
    scores.forEach(s -> assertThat(s.asDouble()).isStrictlyBetween(0.0, 1.0));
    assertThat(first.json().get("modelVersion").asText()).isEqualTo(server.service().modelVersion());
    assertThat(first.json().get("userCache").asText()).isEqualTo("miss");

    // one candidate scores as it does among all: the candidates share the user side, nothing else
    HttpJson.Reply one = http.post("/v1/score", scoreBody("u3", 65L, List.of(items.get(5))));
    assertThat(one.json().get("userCache").asText()).isEqualTo("hit");
    assertThat(one.json().get("scores").get(0).asDouble()).isCloseTo(scores.get(5).asDouble(), within(1e-6));

    // an inline title equal to a catalogue item's text scores like that item
    String title = dataset.item(items.get(5)).text();
    HttpJson.Reply titled = http.post("/v1/score", http.json(Map.of("userId", "u3", "time", 65L,
        "candidates", List.of(Map.of("title", title)))));
    assertThat(titled.status()).as(titled.body()).isEqualTo(200);
    assertThat(titled.json().get("scores").get(0).asDouble()).isCloseTo(scores.get(5).asDouble(), within(1e-5));

    // inline behaviours equal to the kept history give the same scores
    List<Map<String, Object>> behaviors = new ArrayList<>();
    var history = dataset.history("u3");
    List<dev.bahe.api.data.Behavior> all = new ArrayList<>();
    history.types().forEach(t -> all.addAll(history.all(t)));
    all.sort(java.util.Comparator.comparingLong(dev.bahe.api.data.Behavior::timestamp));
    all.forEach(b -> behaviors.add(Map.of("type", b.type().name(), "text", b.text(), "timestamp", b.timestamp())));
    HttpJson.Reply inline = http.post("/v1/score", http.json(Map.of("behaviors", behaviors, "time", 65L,
        "candidates", List.of(Map.of("itemId", items.get(5))))));
    assertThat(inline.status()).as(inline.body()).isEqualTo(200);
    assertThat(inline.json().get("scores").get(0).asDouble()).isCloseTo(scores.get(5).asDouble(), within(1e-6));
  }

  @Test
  void metricsAreInThePrometheusTextFormat() {
    http.post("/v1/score", scoreBody("u1", 40L, List.of("i1")));
    http.post("/v1/score", "{");
    HttpJson.Reply m = http.get("/metrics");
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.contentType()).startsWith("text/plain");
    assertThat(m.body())
        .contains("bahe_http_requests_total{route=\"/v1/score\",status=\"200\"}")
        .contains("bahe_http_requests_total{route=\"/v1/score\",status=\"400\"}")
        .contains("bahe_http_request_duration_seconds_bucket{route=\"/v1/score\",status=\"200\",le=\"0.05\"}")
        .contains("bahe_user_cache_requests_total{result=\"miss\"}")
        .contains("bahe_catalogue_items 12.0")
        .contains("bahe_online_encodings_total")
        .contains("bahe_store_vectors");
  }
}
