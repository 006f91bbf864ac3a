package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Dataset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past its bounded queue the service answers 503 at once; a request older than the timeout answers 503. */
class OverloadTest {

  @TempDir
  static Path dir;

  private static Dataset dataset;
  private static Path checkpoint;

  @BeforeAll
  static void checkpoint() {
    dataset = ServingFixtures.dataset();
    checkpoint = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt"));
  }

  /** A request nobody asked before (a fresh user side and fresh titles), so it is computed, not cached. */
  private static String freshRequest(HttpJson http, int n) {
    List<Map<String, Object>> behaviors = List.of(
        Map.of("type", "liked", "text", "fresh behaviour " + n + " about rockets", "timestamp", 1L),
        Map.of("type", "disliked", "text", "another fresh behaviour " + n, "timestamp", 2L));
    List<Map<String, String>> candidates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      candidates.add(Map.of("title", "fresh title " + i + " of request " + n));
    }
    return http.json(Map.of("userId", "load-" + n, "behaviors", behaviors, "time", 10L, "candidates", candidates));
  }

  @Test
  void aBurstPastTheQueueGetsOnly200And503() throws Exception {
    ServingOptions options = ServingOptions.defaults(dir.resolve("events-a.log")).withPort(0)
        .withQueue(1, 1, Duration.ofSeconds(20));
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = ScoringServer.start(new ScoringService(source, checkpoint, options,
            ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
      HttpJson http = new HttpJson(server.port());
      int clients = 24;
      CountDownLatch go = new CountDownLatch(1);
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<String> unavailable = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        String body = freshRequest(http, c);
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          HttpJson.Reply r = http.post("/v1/score", body);
          statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
          if (r.status() == 503) {
            unavailable.add(r.json().get("problem").asText());
          }
        });
        t.start();
        threads.add(t);
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(60_000);
      }
      assertThat(statuses.keySet()).as(statuses.toString()).isSubsetOf(200, 503);
      assertThat(statuses.get(503)).as(statuses.toString()).isNotNull();
      assertThat(statuses.get(200)).as(statuses.toString()).isNotNull();
      assertThat(unavailable).allSatisfy(p -> assertThat(p).startsWith("overloaded"));
      // and once the burst is over the service scores again
      assertThat(http.post("/v1/score", freshRequest(http, 999)).status()).isEqualTo(200);
    }
  }

  @Test
  void aRequestNotScoredWithinTheTimeoutGets503() {
    ServingOptions options = ServingOptions.defaults(dir.resolve("events-b.log")).withPort(0)
        .withQueue(1, 4, Duration.ofNanos(1));
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = ScoringServer.start(new ScoringService(source, checkpoint, options,
            ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
      HttpJson http = new HttpJson(server.port());
      HttpJson.Reply r = http.post("/v1/score", freshRequest(http, 1));
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.json().get("problem").asText()).startsWith("timed out");
      assertThat(http.get("/metrics").body()).contains("bahe_http_requests_total{route=\"/v1/score\",status=\"503\"}");
    }
  }
}
