package dev.bahe.stores;

import static dev.bahe.stores.StoreTestSupport.key;
import static dev.bahe.stores.StoreTestSupport.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.GatherResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a writing child JVM ({@link CrashWriter}) with SIGKILL at a random moment after some flushes, three
 * times in a row on the same store, and checks after each kill that every flushed record is there bit-exact
 * and that nothing of a half-written batch is visible. The kill lands at a random point of the put/flush
 * cycle (during puts, during the data write/fsync, or during the commit); the seed is in the assertion
 * messages.
 */
class StoreCrashTest {

  @TempDir Path tempDir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"file, 500", "lucene, 200"})
  void killedWriterLosesOnlyTheUnflushedTail(String store, int batch) throws Exception {
    int d = 64;
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = tempDir.resolve(store);
    int lastFlushed = 0;
    for (int round = 0; round < 3; round++) {
      Path err = tempDir.resolve("child-" + round + ".err");
      Process child = new ProcessBuilder(List.of(
          ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
          "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
          store, dir.toString(), Integer.toString(d), Integer.toString(batch)))
          .redirectError(err.toFile())
          .start();
      int flushesBeforeKill = 2 + random.nextInt(3);
      long killDelayMicros = random.nextLong(60_000);
      String context = String.format("store %s, seed %d, round %d", store, seed, round);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        child.onExit(); // a stuck child is killed by the watchdog below
        Thread watchdog = new Thread(() -> {
          try {
            Thread.sleep(120_000);
            child.destroyForcibly();
          } catch (InterruptedException ignored) {
            // test finished
          }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        int flushes = 0;
        String line;
        while (flushes < flushesBeforeKill && (line = out.readLine()) != null) {
          if (line.startsWith("flushed ")) {
            lastFlushed = Integer.parseInt(line.substring("flushed ".length()));
            flushes++;
          }
        }
        assertThat(flushes).as("%s: child ended early: %s", context, Files.readString(err))
            .isEqualTo(flushesBeforeKill);
        TimeUnit.MICROSECONDS.sleep(killDelayMicros);
        // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        watchdog.interrupt();
        // the child may have run ahead of our reading: the last line it printed is still in the pipe
        while ((line = out.readLine()) != null) {
          if (line.startsWith("flushed ")) {
            lastFlushed = Integer.parseInt(line.substring("flushed ".length()));
          }
        }
      }
      assertThat(child.exitValue()).as(context).isNotZero();

      try (BehaviorStore s = StoreTestSupport.factories().get(store).open(
          new StoreOptions(store, dir.toString(), "float32"), StoreTestSupport.metadata(d, "float32"))) {
        long size = s.size();
        // the batch after the last printed one may have committed before the kill, never part of one
        assertThat(size).as(context).isBetween((long) lastFlushed, (long) lastFlushed + batch);
        assertThat(size % batch).as(context + ": a partial batch is visible").isZero();
        verifyAll(s, (int) size, d, context);
        for (int i = (int) size; i < size + batch; i++) {
          assertThat(s.contains(key(i))).as("%s: unflushed record %d visible", context, i).isFalse();
        }
        lastFlushed = (int) size;
      }
    }
  }

  private static void verifyAll(BehaviorStore s, int size, int d, String context) {
    int chunk = 500;
    float[] out = new float[chunk * d];
    for (int from = 0; from < size; from += chunk) {
      int n = Math.min(chunk, size - from);
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = key(from + i);
      }
      GatherResult r = s.gather(keys, out, 0);
      assertThat(r.missing()).as("%s: flushed records missing (positions from %d)", context, from).isEmpty();
      for (int i = 0; i < n; i++) {
        float[] expected = vector(from + i, d);
        float[] got = Arrays.copyOfRange(out, i * d, (i + 1) * d);
        if (!Arrays.equals(got, expected)) {
          throw new AssertionError(context + ": record " + (from + i) + " is not bit-exact");
        }
      }
      assertThat(s.text(keys[n - 1])).hasValue(StoreTestSupport.text(from + n - 1));
    }
  }
}
