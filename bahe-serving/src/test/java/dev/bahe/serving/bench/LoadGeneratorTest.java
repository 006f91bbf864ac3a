package dev.bahe.serving.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against a real HTTP server on an ephemeral loopback port. */
class LoadGeneratorTest {

  private final Set<String> bodies = ConcurrentHashMap.newKeySet();
  private final AtomicInteger answered = new AtomicInteger();
  private Javalin server;

  @BeforeEach
  void start() {
    server = Javalin.create()
        .post("/fast", ctx -> {
          bodies.add(ctx.body());
          // every third request is turned away, as an overloaded service would
          ctx.status(answered.incrementAndGet() % 3 == 0 ? 503 : 200).result("{}");
        })
        .post("/slow", ctx -> {
          Thread.sleep(200);
          ctx.status(200).result("{}");
        })
        .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void aClosedLoopSendsEveryRequestOnceAndCountsTheAnswersByStatus() throws Exception {
    try (LoadGenerator load = new LoadGenerator(uri("/fast"), Duration.ofSeconds(5))) {
      LoadResult r = load.closed("fast", 4, 300, 30, i -> "{\"i\":" + i + "}");

      assertThat(r.requests()).isEqualTo(300);
      assertThat(r.statuses()).containsOnlyKeys("200", "503").containsEntry("200", 200L).containsEntry("503", 100L);
      assertThat(bodies).hasSize(300).contains("{\"i\":0}", "{\"i\":299}");
      assertThat(r.unexpected()).isZero();
      assertThat(r.all().count()).isEqualTo(300);
      assertThat(r.accepted().count()).isEqualTo(200);
      assertThat(r.concurrency()).isEqualTo(4);
    }
  }

  @Test
  void anOpenLoopCountsLatencyFromTheIntendedSendTimeAndDropsWhatItCannotSend() throws Exception {
    try (LoadGenerator load = new LoadGenerator(uri("/slow"), Duration.ofSeconds(5))) {
      // 50 requests/s for 1 s against a 200 ms handler, at most 4 in flight: the rest is dropped by the client
      LoadResult r = load.open("slow", 50, 50, 1.0, 4, i -> "{}");

      assertThat(r.statuses().get("200")).isPositive();
      assertThat(r.statuses().get("client-dropped")).isPositive();
      assertThat(r.statuses().get("200") + r.statuses().get("client-dropped")).isEqualTo(50);
      assertThat(r.requests()).as("answered, dropped ones excluded").isEqualTo(r.statuses().get("200"));
      assertThat(r.accepted().p50()).as("every answer waited for the 200 ms handler").isGreaterThanOrEqualTo(200);
    }
  }

  @Test
  void anUnreachableServiceIsCountedAsErrorsNotThrown() throws Exception {
    URI closed = uri("/fast");
    server.stop();
    try (LoadGenerator load = new LoadGenerator(closed, Duration.ofSeconds(2))) {
      assertThat(load.send("{}")).isEqualTo(-1);
      LoadResult r = load.closed("down", 2, 10, 10, i -> "{}");
      assertThat(r.statuses()).containsOnlyKeys("error").containsEntry("error", 10L);
    }
  }
}
