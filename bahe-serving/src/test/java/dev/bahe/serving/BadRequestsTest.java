package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Dataset;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed request gets a 4xx whose JSON body names the field path and the problem: never a 500,
 * never a stack trace. Limits of this server: 5 candidates, 50-character texts, 2,000-byte bodies.
 */
class BadRequestsTest {

  @TempDir
  static Path dir;

  private static CheckpointModelSource source;
  private static ScoringServer server;
  private static HttpJson http;

  @BeforeAll
  static void start() {
    Dataset dataset = ServingFixtures.dataset();
    Path checkpoint = ServingFixtures.checkpoint(ServingFixtures.config(dir, 1), dataset, dir.resolve("ckpt"));
    source = ServingFixtures.source(dataset);
    ServingOptions options = ServingOptions.defaults(dir.resolve("events.log")).withPort(0)
        .withLimits(5, 50, 2_000);
    server = ScoringServer.start(new ScoringService(source, checkpoint, options, ScoringServer.jsonMapper(),
        new ServingMetrics()), ScoringServer.jsonMapper());
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

  private static final String OK_CANDIDATES = "\"candidates\": [{\"itemId\": \"i1\"}]";
  private static final String LONG = "x".repeat(51);

  static Stream<Arguments> scoreCases() {
    return Stream.of(
        Arguments.of("bad JSON", "{\"userId\": \"u1\", ", 400, "$", "malformed JSON at line 1"),
        Arguments.of("empty body", "", 400, "$", "empty"),
        Arguments.of("not an object", "[1, 2]", 400, "$", "must be a JSON object, was an array"),
        Arguments.of("duplicate key", "{\"userId\": \"u1\", \"userId\": \"u2\", \"time\": 5, " + OK_CANDIDATES + "}",
            400, "$", "Duplicate field 'userId'"),
        Arguments.of("unknown field", "{\"user\": \"u1\", \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.user",
            "unknown field"),
        Arguments.of("no user side", "{\"time\": 5, " + OK_CANDIDATES + "}", 400, "$", "needs a userId"),
        Arguments.of("userId wrong type", "{\"userId\": 7, \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.userId",
            "must be a string, was an integer"),
        Arguments.of("userId blank", "{\"userId\": \" \", \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.userId",
            "must not be empty or blank"),
        Arguments.of("time missing", "{\"userId\": \"u1\", " + OK_CANDIDATES + "}", 400, "$.time", "is required"),
        Arguments.of("time a string", "{\"userId\": \"u1\", \"time\": \"soon\", " + OK_CANDIDATES + "}", 400,
            "$.time", "must be an integer, was a string"),
        Arguments.of("time a fraction", "{\"userId\": \"u1\", \"time\": 1.5, " + OK_CANDIDATES + "}", 400, "$.time",
            "must be an integer, was a number with a fraction"),
        Arguments.of("time null", "{\"userId\": \"u1\", \"time\": null, " + OK_CANDIDATES + "}", 400, "$.time",
            "must be an integer, was null"),
        Arguments.of("time too large", "{\"userId\": \"u1\", \"time\": 123456789012345678901234567890, "
            + OK_CANDIDATES + "}", 400, "$.time", "64-bit"),
        Arguments.of("candidates missing", "{\"userId\": \"u1\", \"time\": 5}", 400, "$.candidates", "is required"),
        Arguments.of("candidates not an array", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": \"i1\"}", 400,
            "$.candidates", "must be an array, was a string"),
        Arguments.of("no candidates", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": []}", 400, "$.candidates",
            "at least one"),
        Arguments.of("too many candidates", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"itemId\": \"i1\"},"
            + " {\"itemId\": \"i2\"}, {\"itemId\": \"i3\"}, {\"itemId\": \"i4\"}, {\"itemId\": \"i5\"},"
            + " {\"itemId\": \"i6\"}]}", 400, "$.candidates", "holds 6 candidates; at most 5"),
        Arguments.of("candidate not an object", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [\"i1\"]}", 400,
            "$.candidates[0]", "must be an object"),
        Arguments.of("candidate empty", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"itemId\": \"i1\"},"
            + " {}]}", 400, "$.candidates[1]", "needs an itemId or a title"),
        Arguments.of("candidate with both", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"itemId\": \"i1\","
            + " \"title\": \"t\"}]}", 400, "$.candidates[0]", "has both"),
        Arguments.of("candidate unknown field", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"id\": \"i1\"}]}",
            400, "$.candidates[0].id", "unknown field"),
        Arguments.of("itemId wrong type", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"itemId\": 3}]}", 400,
            "$.candidates[0].itemId", "must be a string"),
        Arguments.of("unknown item id", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"itemId\": \"i1\"},"
            + " {\"itemId\": \"nope\"}]}", 404, "$.candidates[1].itemId", "unknown item id 'nope'"),
        Arguments.of("empty title", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"title\": \"\"}]}", 400,
            "$.candidates[0].title", "must not be empty"),
        Arguments.of("oversized title", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"title\": \"" + LONG
            + "\"}]}", 400, "$.candidates[0].title", "has 51 characters; at most 50"),
        Arguments.of("behaviors not an array", "{\"behaviors\": {}, \"time\": 5, " + OK_CANDIDATES + "}", 400,
            "$.behaviors", "must be an array, was an object"),
        Arguments.of("behavior not an object", "{\"behaviors\": [5], \"time\": 5, " + OK_CANDIDATES + "}", 400,
            "$.behaviors[0]", "must be an object"),
        Arguments.of("behavior timestamp missing", "{\"behaviors\": [{\"type\": \"liked\", \"text\": \"a\"}],"
            + " \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.behaviors[0].timestamp", "is required"),
        Arguments.of("behavior type unknown", "{\"behaviors\": [{\"type\": \"bought\", \"text\": \"a\", \"timestamp\":"
            + " 1}], \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.behaviors[0].type",
            "unknown behaviour type 'bought'; the model knows [disliked, liked]"),
        Arguments.of("behavior text empty", "{\"behaviors\": [{\"type\": \"liked\", \"text\": \"  \", \"timestamp\":"
            + " 1}], \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.behaviors[0].text", "must not be empty"),
        Arguments.of("behavior text oversized", "{\"behaviors\": [{\"type\": \"liked\", \"text\": \"" + LONG + "\","
            + " \"timestamp\": 1}], \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.behaviors[0].text", "at most 50"),
        Arguments.of("timestamps out of order", "{\"behaviors\": [{\"type\": \"liked\", \"text\": \"a\", \"timestamp\":"
            + " 9}, {\"type\": \"liked\", \"text\": \"b\", \"timestamp\": 3}], \"time\": 50, " + OK_CANDIDATES + "}",
            400, "$.behaviors[1].timestamp", "timestamp 3 is before the previous behaviour's 9"),
        Arguments.of("behavior unknown field", "{\"behaviors\": [{\"type\": \"liked\", \"text\": \"a\", \"timestamp\":"
            + " 1, \"when\": 2}], \"time\": 5, " + OK_CANDIDATES + "}", 400, "$.behaviors[0].when", "unknown field"),
        Arguments.of("body over the limit", "{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"title\": \""
            + "y".repeat(2_100) + "\"}]}", 413, "$", "exceeds the limit of 2000 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scoreCases")
  void aMalformedScoreRequestIsRefusedNamingTheField(String name, String body, int status, String field,
      String problem) {
    assertRefused(http.post("/v1/score", body), status, field, problem);
  }

  static Stream<Arguments> eventCases() {
    return Stream.of(
        Arguments.of("userId missing", "{\"behaviors\": [{\"type\": \"liked\", \"text\": \"a\", \"timestamp\": 1}]}",
            400, "$.userId", "is required"),
        Arguments.of("behaviors missing", "{\"userId\": \"u1\"}", 400, "$.behaviors", "is required"),
        Arguments.of("no behaviors", "{\"userId\": \"u1\", \"behaviors\": []}", 400, "$.behaviors", "at least one"),
        Arguments.of("unknown field", "{\"userId\": \"u1\", \"behaviors\": [], \"time\": 3}", 400, "$.time",
            "unknown field"),
        Arguments.of("timestamps out of order", "{\"userId\": \"u1\", \"behaviors\": [{\"type\": \"liked\", \"text\":"
            + " \"a\", \"timestamp\": 9}, {\"type\": \"liked\", \"text\": \"b\", \"timestamp\": 3}]}", 400,
            "$.behaviors[1].timestamp", "before the previous"),
        Arguments.of("bad JSON", "{\"userId\"", 400, "$", "malformed JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventCases")
  void aMalformedEventsRequestIsRefusedNamingTheField(String name, String body, int status, String field,
      String problem) {
    assertRefused(http.post("/v1/events", body), status, field, problem);
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedBeforeItIsAllRead() {
    byte[] big = ("{\"userId\": \"u1\", \"time\": 5, \"candidates\": [{\"title\": \"" + "z".repeat(5_000) + "\"}]}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/score"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
    assertRefused(http.send(request), 413, "$", "exceeds the limit of 2000 bytes");
  }

  @Test
  void aWrongContentTypeRouteOrCheckpointIsAJsonError() {
    assertRefused(http.post("/v1/score", "{}", "text/plain"), 415, "$", "is not application/json");
    HttpJson.Reply noRoute = http.get("/v2/nothing");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.json().get("problem").asText()).contains("no route GET /v2/nothing");
    HttpJson.Reply wrongMethod = http.get("/v1/score");
    assertThat(wrongMethod.status()).isBetween(404, 405);
    assertThat(wrongMethod.json()).isNotNull();
    assertRefused(http.post("/admin/reload", "{\"checkpoint\": \"" + dir.resolve("nowhere") + "\"}"), 409,
        "$.checkpoint", "the current model keeps serving");
    assertRefused(http.post("/admin/reload", "{\"checkpoint\": 5}"), 400, "$.checkpoint", "directory path");
    // and the service still scores
    assertThat(http.post("/v1/score", "{\"userId\": \"u1\", \"time\": 5, " + OK_CANDIDATES + "}").status())
        .isEqualTo(200);
  }

  private static void assertRefused(HttpJson.Reply r, int status, String field, String problem) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json()).as(r.body()).isNotNull();
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(r.json().get("problem").asText()).as(r.body()).contains(problem);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.bahe");
  }
}
