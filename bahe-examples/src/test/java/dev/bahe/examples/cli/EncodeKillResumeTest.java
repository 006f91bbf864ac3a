package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.experiment.ExperimentSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs {@code bahe encode} in a child JVM in the middle of ABE, three times at random points after a few
 * store flushes (during an encoder batch, a put or a flush), then lets it finish. After every kill the file
 * store opens; each restart skips exactly what the store holds and encodes only the rest, so nothing is encoded
 * twice into the store; and the finished store holds every text once with the same vector, bit for bit, as an
 * uninterrupted run (one PyTorch thread; a restart encodes in the batches the uninterrupted run used). The kills
 * survived are written to {@code target/reliability/kill-encode.json}.
 */
@Tag("slow")
class EncodeKillResumeTest {

  private static final int KILLS = 3;

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private List<String> overrides(Path store) {
    return List.of("backbone.name=tiny-bert", "encoder.name=djl", "data.source=synthetic",
        "data.syntheticUsers=150", "data.syntheticItems=60", "store.name=file", "store.path=" + store,
        "output=" + dir.resolve("out"));
  }

  private List<String> encode(Path store, Path jsonFile) {
    List<String> args = new ArrayList<>(List.of("encode", "--batch-size", "8", "--flush-every", "2"));
    for (String o : overrides(store)) {
      args.add("--set");
      args.add(o);
    }
    if (jsonFile != null) {
      args.addAll(List.of("--json", jsonFile.toString()));
    }
    return args;
  }

  @Test
  void killedEncodeResumesWithoutEncodingTwiceAndEndsWithTheUninterruptedStore() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    Path reference = dir.resolve("reference-store");
    Path log = dir.resolve("children.log");
    assertThat(CliProcess.run(encode(reference, dir.resolve("reference.json")), log))
        .as("uninterrupted encode:\n%s", CliProcess.tail(log, 40)).isZero();
    JsonNode full = json.readTree(dir.resolve("reference.json").toFile()).at("/result/abe");
    int unique = full.at("/uniqueBehaviors").asInt();
    int batches = full.at("/batches").asInt();
    assertThat(batches).as("batches of the uninterrupted run").isGreaterThan(40);

    Path store = dir.resolve("store");
    int survived = 0;
    long storedBefore = 0;
    for (int k = 0; k < KILLS; k++) {
      int flushes = 2 + random.nextInt(4);
      long delay = random.nextLong(40);
      String context = String.format("seed %d, kill %d after %d flushes + %d ms", seed, k, flushes, delay);
      boolean killed = CliProcess.killAfter(encode(store, null), log, line -> line.contains("ABE progress:"),
          flushes, delay);
      assertThat(killed).as("%s: the child was still encoding when killed (log %s)", context, log).isTrue();

      // the store opens after the kill, and a restart starts from exactly what it holds
      long stored = storeSize(store);
      assertThat(stored).as(context).isGreaterThan(storedBefore).isLessThan(unique);
      storedBefore = stored;
      survived++;
    }
    Path resumed = dir.resolve("resumed.json");
    assertThat(CliProcess.run(encode(store, resumed), log)).as("resumed encode:\n%s", CliProcess.tail(log, 40)).isZero();
    JsonNode abe = json.readTree(resumed.toFile()).at("/result/abe");
    assertThat(abe.at("/complete").asBoolean()).isTrue();
    assertThat(abe.at("/uniqueBehaviors").asInt()).isEqualTo(unique);
    assertThat(abe.at("/skippedAlreadyStored").asLong()).as("texts kept from the killed runs").isEqualTo(storedBefore);
    assertThat(abe.at("/encodedNow").asLong()).as("only the rest is encoded").isEqualTo(unique - storedBefore);

    Map<Long, float[]> expected = vectors(reference);
    Map<Long, float[]> actual = vectors(store);
    assertThat(actual).hasSize(unique);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<Long, float[]> e : expected.entrySet()) {
      assertThat(actual.get(e.getKey())).as("vector of key %d (seed %d)", e.getKey(), seed)
          .containsExactly(e.getValue());
    }
    CliFigures.record("kill-encode", Map.of("kills", KILLS, "survived", survived, "texts", unique,
        "encodedAfterLastKill", abe.at("/encodedNow").asLong()));
  }

  private ExperimentConfig config(Path store) {
    return new ConfigLoader().load(null, overrides(store));
  }

  private long storeSize(Path store) {
    try (ExperimentSession session = new ExperimentSession(config(store))) {
      return session.get(BehaviorStore.class).size();
    }
  }

  private Map<Long, float[]> vectors(Path store) {
    Map<Long, float[]> out = new HashMap<>();
    try (ExperimentSession session = new ExperimentSession(config(store))) {
      BehaviorStore s = session.get(BehaviorStore.class);
      s.forEachKey(key -> out.put(key, s.get(key).orElseThrow()));
    }
    return out;
  }
}
