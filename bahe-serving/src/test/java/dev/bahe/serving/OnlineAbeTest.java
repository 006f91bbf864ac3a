package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Dataset;
import dev.bahe.core.train.Checkpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour texts the store lacks are encoded by the frozen lower part that wrote the store, once however many
 * requests ask for them at once, and written to the store; a store written by another encoder is refused.
 */
class OnlineAbeTest {

  @TempDir
  static Path dir;

  private static Dataset dataset;
  private static Path checkpoint;

  @BeforeAll
  static void checkpoint() {
    dataset = ServingFixtures.dataset();
    checkpoint = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt"));
  }

  private static String request(HttpJson http, String user, String text) {
    return http.json(Map.of("userId", user, "time", 500L, "candidates", List.of(Map.of("itemId", "i1")),
        "behaviors", List.of(Map.of("type", "liked", "text", text, "timestamp", 400L))));
  }

  @Test
  void anUnseenTextIsEncodedOnceAndStoredEvenWhenRequestedConcurrently() throws Exception {
    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0);
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = ScoringServer.start(new ScoringService(source, checkpoint, options,
            ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
      ScoringService service = server.service();
      HttpJson http = new HttpJson(server.port());
      long stored = service.storeSize();
      long encoded = service.onlineEncodings();

      HttpJson.Reply first = http.post("/v1/score", request(http, "u1", "a behaviour the store has never seen"));
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(service.storeSize()).isEqualTo(stored + 1);
      assertThat(service.onlineEncodings()).isEqualTo(encoded + 1);
      // stored now: another user with the same text encodes nothing
      assertThat(http.post("/v1/score", request(http, "u2", "a behaviour the store has never seen")).status())
          .isEqualTo(200);
      assertThat(service.onlineEncodings()).isEqualTo(encoded + 1);

      // eight users at once with one new text: encoded once
      int clients = 8;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int c = 0; c < clients; c++) {
        String body = request(http, "concurrent-" + c, "one more text nobody has encoded");
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          statuses.add(http.post("/v1/score", body).status());
        });
        t.start();
        threads.add(t);
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(30_000);
      }
      assertThat(statuses).hasSize(clients).allSatisfy(s -> assertThat(s).isIn(200, 503));
      assertThat(service.storeSize()).isEqualTo(stored + 2);
      assertThat(service.onlineEncodings()).isEqualTo(encoded + 2);
      assertThat(http.get("/metrics").body()).contains("bahe_online_encodings_total " + (double) (encoded + 2))
          .contains("bahe_store_vectors " + (double) (stored + 2));
    }
  }

  @Test
  void aStoreWrittenByAnotherEncoderIsRefused() {
    // the checkpoint's encoder configuration changed (K = 8) while the store holds K = 16 vectors
    CheckpointModelSource mismatched = new CheckpointModelSource(d -> {
      var c = Checkpoints.readConfig(d).orElseThrow();
      return new dev.bahe.core.config.ConfigLoader().fromYaml(new dev.bahe.core.config.ConfigLoader().toYaml(c)
          .replace("maxTokens: 16", "maxTokens: 8"), "test");
    }, data -> dataset, ServingFixtures.components());
    ServingOptions options = ServingOptions.defaults(dir.resolve("events-x.log")).withPort(0);
    try (mismatched) {
      assertThatThrownBy(() -> new ScoringService(mismatched, checkpoint, options, ScoringServer.jsonMapper(),
          new ServingMetrics())).satisfies(e -> {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            // refused when the store opens (metadata check) or when the model is assembled over it
            assertThat(trace.toString()).containsAnyOf("written by another encoder configuration",
                "differs from the one that wrote the behaviour store").contains("16").contains("8");
          });
    }
  }
}
