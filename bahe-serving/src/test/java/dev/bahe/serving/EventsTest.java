package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events are durable (a restart restores every acknowledged one) and point-in-time. */
class EventsTest {

  @TempDir
  Path dir;

  private static ScoringServer start(CheckpointModelSource source, Path checkpoint, Path log) {
    ServingOptions options = ServingOptions.defaults(log).withPort(0);
    return ScoringServer.start(new ScoringService(source, checkpoint, options, ScoringServer.jsonMapper(),
        new ServingMetrics()), ScoringServer.jsonMapper());
  }

  private static double score(HttpJson http, String user, long time) {
    HttpJson.Reply r = http.post("/v1/score", http.json(Map.of("userId", user, "time", time,
        "candidates", List.of(Map.of("itemId", "i2")))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("scores").get(0).asDouble();
  }

  @Test
  void appendedEventsAreSeenOnlyAfterTheirTimeAndSurviveARestart() {
    Dataset dataset = ServingFixtures.dataset();
    Path checkpoint = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt"));
    Path log = dir.resolve("events").resolve("events.jsonl");
    double before125;
    double after135;
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = start(source, checkpoint, log)) {
      HttpJson http = new HttpJson(server.port());
      before125 = score(http, "u2", 125L);
      double before135 = score(http, "u2", 135L);
      HttpJson.Reply ack = http.post("/v1/events", http.json(Map.of("userId", "u2", "behaviors", List.of(
          Map.of("type", "liked", "text", "a documentary about deep sea fishing", "timestamp", 130L),
          Map.of("type", "disliked", "text", "a cartoon about talking cars", "timestamp", 131L)))));
      assertThat(ack.status()).as(ack.body()).isEqualTo(200);
      assertThat(ack.json().get("appended").asInt()).isEqualTo(2);
      assertThat(ack.json().get("behaviors").asInt()).isEqualTo(14);
      // a new user's events start their history
      assertThat(http.post("/v1/events", http.json(Map.of("userId", "newcomer", "behaviors", List.of(
          Map.of("type", "liked", "text", "cooking pasta at home", "timestamp", 5L))))).status()).isEqualTo(200);

      // point in time: a score at 125 does not see behaviours at 130, one at 135 does
      assertThat(score(http, "u2", 125L)).isEqualTo(before125);
      after135 = score(http, "u2", 135L);
      assertThat(after135).isNotEqualTo(before135);
    }
    // acknowledged means on disk
    assertThat(readLines(log)).hasSize(3);
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = start(source, checkpoint, log)) {
      HttpJson http = new HttpJson(server.port());
      assertThat(server.service().replayedEvents()).isEqualTo(3);
      assertThat(score(http, "u2", 125L)).isEqualTo(before125);
      assertThat(score(http, "u2", 135L)).isEqualTo(after135);
    }
  }

  @Test
  void aTornLastLineIsCutOffAndACorruptLineIsRefusedNamingIt() throws Exception {
    Path log = dir.resolve("log.jsonl");
    var json = ScoringServer.jsonMapper();
    try (EventLog events = EventLog.open(log, json, r -> assertThat(r.events()).isEmpty())) {
      events.append("u1", List.of(new Behavior(ServingFixtures.LIKED, 3L, "first"),
          new Behavior(ServingFixtures.DISLIKED, 4L, "second")));
    }
    // a crash in the middle of a write: half a line, never acknowledged
    Files.writeString(log, "{\"userId\":\"u1\",\"type\":\"liked\",\"timest", StandardOpenOption.APPEND);
    List<EventLog.Event> replayed = new ArrayList<>();
    long[] torn = new long[1];
    try (EventLog events = EventLog.open(log, json, r -> {
      replayed.addAll(r.events());
      torn[0] = r.tornTailBytes();
    })) {
      events.append("u1", List.of(new Behavior(ServingFixtures.LIKED, 5L, "third")));
    }
    assertThat(replayed).extracting(e -> e.behavior().text()).containsExactly("first", "second");
    assertThat(torn[0]).isPositive();
    List<String> texts = new ArrayList<>();
    try (EventLog events = EventLog.open(log, json, r -> r.events().forEach(e -> texts.add(e.behavior().text())))) {
      assertThat(texts).containsExactly("first", "second", "third");
    }

    List<String> lines = new ArrayList<>(readLines(log));
    lines.set(1, "{\"userId\": \"u1\", \"type\": \"liked\"}");
    Files.write(log, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> EventLog.open(log, json, r -> { }))
        .hasMessageContaining(log.toString()).hasMessageContaining("corrupt at line 2");
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
