package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload swaps the model atomically while requests keep coming: none fails, each is scored by one model. */
class HotReloadTest {

  @TempDir
  Path dir;

  @Test
  void reloadingUnderLoadFailsNoRequestAndStartsWithEmptyCaches() throws Exception {
    Dataset dataset = ServingFixtures.dataset();
    Path first = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt-1"));
    Path second = ServingFixtures.checkpoint(ServingFixtures.config(dir, 2), dataset, dir.resolve("ckpt-2"));
    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0);
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = ScoringServer.start(new ScoringService(source, first, options,
            ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
      HttpJson http = new HttpJson(server.port());
      String body = http.json(Map.of("userId", "u4", "time", 95L, "candidates", List.of(Map.of("itemId", "i3"))));
      HttpJson.Reply before = http.post("/v1/score", body);
      String v1 = before.json().get("modelVersion").asText();
      assertThat(http.post("/v1/score", body).json().get("userCache").asText()).isEqualTo("hit");

      AtomicBoolean running = new AtomicBoolean(true);
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      Set<String> versions = ConcurrentHashMap.newKeySet();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        int client = c;
        Thread t = new Thread(() -> {
          int n = 0;
          while (running.get()) {
            HttpJson.Reply r = http.post("/v1/score", http.json(Map.of("userId", "c" + client + "-" + n++,
                "time", 95L, "candidates", List.of(Map.of("itemId", "i3"), Map.of("itemId", "i7")))));
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() == 200) {
              versions.add(r.json().get("modelVersion").asText());
            }
          }
        });
        t.start();
        clients.add(t);
      }
      Thread.sleep(200);
      HttpJson.Reply reload = http.post("/admin/reload", http.json(Map.of("checkpoint", second.toString())));
      assertThat(reload.status()).as(reload.body()).isEqualTo(200);
      String v2 = reload.json().get("modelVersion").asText();
      assertThat(reload.json().get("previousVersion").asText()).isEqualTo(v1);
      Thread.sleep(200);
      running.set(false);
      for (Thread t : clients) {
        t.join(30_000);
      }
      assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(200);
      assertThat(versions).containsExactlyInAnyOrder(v1, v2);
      assertThat(v2).isNotEqualTo(v1);

      HttpJson.Reply after = http.post("/v1/score", body);
      assertThat(after.json().get("modelVersion").asText()).isEqualTo(v2);
      assertThat(after.json().get("userCache").asText()).as("caches belong to a model").isEqualTo("miss");
      assertThat(after.json().get("scores").get(0).asDouble())
          .isNotEqualTo(before.json().get("scores").get(0).asDouble());
      assertThat(http.get("/health/ready").json().get("modelVersion").asText()).isEqualTo(v2);
      assertThat(http.get("/metrics").body()).contains("bahe_model_reloads_total{result=\"ok\"} 1.0");

      // without a body the current checkpoint directory is read again
      HttpJson.Reply again = http.post("/admin/reload", "");
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(again.json().get("modelVersion").asText()).isEqualTo(v2);
    }
  }
}
