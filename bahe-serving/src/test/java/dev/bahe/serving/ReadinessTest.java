package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service started before its model is warm answers health and metrics at once, says not ready (and refuses
 * score, events and reload with 503) until the model, store and item cache are warm, then serves; a failed warm-up
 * stays not ready.
 */
class ReadinessTest {

  @TempDir
  static Path dir;

  private static Dataset dataset;
  private static Path checkpoint;

  @BeforeAll
  static void checkpoint() {
    dataset = ServingFixtures.dataset();
    checkpoint = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt"));
  }

  @Test
  void notReadyWhileWarmingUpThenReady() throws Exception {
    CountDownLatch opening = new CountDownLatch(1);
    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0);
    try (CheckpointModelSource real = ServingFixtures.source(dataset)) {
      // the real source, held at the door until the test has looked at the warming server
      ModelSource held = d -> {
        try {
          assertThat(opening.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return real.open(d);
      };
      ScoringService service = ScoringService.warmingUp(held, checkpoint, options, ScoringServer.jsonMapper(),
          new ServingMetrics());
      try (ScoringServer server = ScoringServer.start(service, ScoringServer.jsonMapper())) {
        HttpJson http = new HttpJson(server.port());
        String score = http.json(Map.of("userId", "u1", "time", 95L, "candidates", List.of(Map.of("itemId", "i3"))));

        assertThat(http.get("/health/live").status()).isEqualTo(200);
        HttpJson.Reply notReady = http.get("/health/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().get("problem").asText()).contains("warming up");
        HttpJson.Reply refused = http.post("/v1/score", score);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("problem").asText()).contains("warming up");
        assertThat(http.post("/v1/events", http.json(Map.of("userId", "u1", "behaviors", List.of(Map.of("type",
            "liked", "text", "an event too early", "timestamp", 200L))))).status()).isEqualTo(503);
        assertThat(http.post("/admin/reload", "").status()).isEqualTo(503);
        assertThat(http.get("/metrics").body()).contains("bahe_ready 0.0");

        opening.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpJson.Reply ready = http.get("/health/ready");
        while (ready.status() != 200 && System.nanoTime() < deadline) {
          Thread.sleep(20);
          ready = http.get("/health/ready");
        }
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        service.awaitWarm();
        HttpJson.Reply scored = http.post("/v1/score", score);
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        assertThat(scored.json().get("modelVersion").asText()).isEqualTo(ready.json().get("modelVersion").asText());
        assertThat(http.get("/metrics").body()).contains("bahe_ready 1.0").contains("bahe_catalogue_items 12.0");
      }
    }
  }

  @Test
  void aFailedWarmUpStaysNotReady() throws Exception {
    ServingOptions options = ServingOptions.defaults(dir.resolve("events-failed.log")).withPort(0);
    try (CheckpointModelSource real = ServingFixtures.source(dataset)) {
      ScoringService service = ScoringService.warmingUp(real, dir.resolve("no-such-checkpoint"), options,
          ScoringServer.jsonMapper(), new ServingMetrics());
      try (ScoringServer server = ScoringServer.start(service, ScoringServer.jsonMapper())) {
        assertThatThrownBy(service::awaitWarm).hasMessageContaining("no-such-checkpoint");
        HttpJson http = new HttpJson(server.port());
        HttpJson.Reply ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("problem").asText()).contains("warm-up failed");
        assertThat(http.post("/v1/score", http.json(Map.of("userId", "u1", "time", 95L, "candidates",
            List.of(Map.of("itemId", "i3"))))).status()).isEqualTo(503);
      }
    }
  }
}
