package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Dataset;
import dev.bahe.core.train.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint directory written into the watched directory is loaded once it is complete (its provenance present
 * and its parameters matching the recorded checksum), never while it is half-written, and swapped in while
 * requests keep coming: none of them fails.
 */
class CheckpointWatcherTest {

  @TempDir
  Path dir;

  @Test
  void aCompleteNewCheckpointIsSwappedInAndAHalfWrittenOneNever() throws Exception {
    Dataset dataset = ServingFixtures.dataset();
    Path first = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt-1"));
    Path second = ServingFixtures.checkpoint(ServingFixtures.config(dir, 2), dataset, dir.resolve("ckpt-2"));
    Path watched = Files.createDirectories(dir.resolve("watched"));
    // a complete checkpoint already there when watching starts is not loaded
    copy(second, Files.createDirectories(watched.resolve("already-there")));

    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0);
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = ScoringServer.start(new ScoringService(source, first, options,
            ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper());
        CheckpointWatcher watcher = new CheckpointWatcher(watched, server.service(), Duration.ofMillis(50))) {
      HttpJson http = new HttpJson(server.port());
      String v1 = server.service().modelVersion();

      AtomicBoolean running = new AtomicBoolean(true);
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      Set<String> versions = ConcurrentHashMap.newKeySet();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        int client = c;
        Thread t = new Thread(() -> {
          int n = 0;
          while (running.get()) {
            HttpJson.Reply r = http.post("/v1/score", http.json(Map.of("userId", "w" + client + "-" + n++,
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

      Path incoming = Files.createDirectories(watched.resolve("incoming"));
      byte[] params = Files.readAllBytes(second.resolve(Checkpoints.PARAMETERS_FILE));
      // half of the parameters and the configuration, no provenance yet
      Files.copy(second.resolve(Checkpoints.CONFIG_FILE), incoming.resolve(Checkpoints.CONFIG_FILE));
      Files.write(incoming.resolve(Checkpoints.PARAMETERS_FILE), Arrays.copyOf(params, params.length / 2));
      Thread.sleep(500);
      assertThat(server.service().modelVersion()).isEqualTo(v1);
      // the provenance, but parameters that do not match its checksum
      Files.copy(second.resolve(Checkpoints.PROVENANCE_FILE), incoming.resolve(Checkpoints.PROVENANCE_FILE));
      assertThat(CheckpointWatcher.isComplete(incoming)).isFalse();
      Thread.sleep(500);
      assertThat(server.service().modelVersion()).isEqualTo(v1);
      assertThat(watcher.loaded()).isZero();

      Files.write(incoming.resolve(Checkpoints.PARAMETERS_FILE), params);
      assertThat(CheckpointWatcher.isComplete(incoming)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (server.service().modelVersion().equals(v1) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String v2 = server.service().modelVersion();
      assertThat(v2).isNotEqualTo(v1);
      assertThat(server.service().checkpoint()).isEqualTo(incoming);
      Thread.sleep(300);
      running.set(false);
      for (Thread t : clients) {
        t.join(30_000);
      }
      assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(200);
      assertThat(versions).containsExactlyInAnyOrder(v1, v2);
      assertThat(watcher.loaded()).isEqualTo(1);
      assertThat(http.get("/metrics").body()).contains("bahe_model_reloads_total{result=\"ok\"} 1.0");
      assertThat(http.get("/health/ready").json().get("modelVersion").asText()).isEqualTo(v2);
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    for (String f : List.of(Checkpoints.PARAMETERS_FILE, Checkpoints.CONFIG_FILE, Checkpoints.PROVENANCE_FILE)) {
      Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
