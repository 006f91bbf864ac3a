package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.KeyCollisionException;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.stores.StoresModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's write-behind store over a real file store: a put vector is readable at once, becomes durable only
 * when the flusher has run (on its interval, on a full batch, or {@link WriteBehindStore#flushNow}), and an unflushed
 * one is gone after the store is reopened, which still opens at its last flush.
 */
class WriteBehindStoreTest {

  private static final int D = 8;
  private static final Duration NEVER = Duration.ofHours(1);

  @TempDir
  Path dir;

  private BehaviorStore fileStore(String dtype) {
    Map<String, BehaviorStoreFactory> factories = Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
    StoreMetadata metadata = new StoreMetadata(new EncoderIdentity("tiny", "ab".repeat(32), 1, "mean", D, 16), dtype);
    return factories.get("file").open(new StoreOptions("file", dir.resolve("store-" + dtype).toString(), dtype,
        StoreOptions.RESIDENT), metadata);
  }

  private static float[] vector(int i) {
    float[] v = new float[D];
    for (int j = 0; j < D; j++) {
      v[j] = i + j / 8f;
    }
    return v;
  }

  private static void put(BehaviorStore store, int i) {
    store.put(1000L + i, "text " + i, vector(i));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not reached in 20 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aPutVectorIsReadableAtOnceAndDurableOnlyAfterAFlush() {
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float32"), NEVER, 1_000)) {
      put(store, 1);
      put(store, 2);
      store.flush(); // returns at once; the flusher decides when
      assertThat(store.get(1001L)).hasValueSatisfying(v -> assertThat(v).containsExactly(vector(1)));
      assertThat(store.contains(1002L)).isTrue();
      assertThat(store.text(1002L)).contains("text 2");
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.stats().pendingVectors()).isEqualTo(2);
      assertThat(store.stats().flushes()).isZero();
    }
    // closed without a flush, as a killed process would leave it: the store opens, empty
    try (BehaviorStore reopened = fileStore("float32")) {
      assertThat(reopened.size()).isZero();
    }
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float32"), NEVER, 1_000)) {
      put(store, 1);
      store.flushNow();
      put(store, 3); // the unflushed tail
      assertThat(store.stats()).satisfies(s -> {
        assertThat(s.flushes()).isEqualTo(1);
        assertThat(s.flushedVectors()).isEqualTo(1);
        assertThat(s.pendingVectors()).isEqualTo(1);
      });
    }
    try (BehaviorStore reopened = fileStore("float32")) {
      assertThat(reopened.size()).isEqualTo(1);
      assertThat(reopened.get(1001L)).hasValueSatisfying(v -> assertThat(v).containsExactly(vector(1)));
      assertThat(reopened.contains(1003L)).isFalse();
    }
  }

  @Test
  void theFlusherRunsOnAFullBatchAndOnItsInterval() throws Exception {
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float32"), NEVER, 2)) {
      put(store, 1);
      Thread.sleep(300);
      assertThat(store.stats().pendingVectors()).isEqualTo(1);
      put(store, 2); // a full batch
      await(() -> store.stats().pendingVectors() == 0);
      assertThat(store.stats().flushedVectors()).isEqualTo(2);
    }
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float32"), Duration.ofMillis(50), 1_000)) {
      put(store, 3);
      await(() -> store.stats().pendingVectors() == 0);
      assertThat(store.stats().flushes()).isEqualTo(1);
      assertThat(store.size()).isEqualTo(3);
    }
    try (BehaviorStore reopened = fileStore("float32")) {
      assertThat(reopened.size()).isEqualTo(3);
    }
  }

  @Test
  void aGatherReadsFlushedAndWaitingVectorsAndReportsTheRest() {
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float32"), NEVER, 1_000)) {
      put(store, 1);
      store.flushNow();
      put(store, 2);
      long[] keys = {1002L, 4242L, 1001L};
      float[] out = new float[2 + keys.length * D];
      Arrays.fill(out, -7f);
      GatherResult r = store.gather(keys, out, 2);
      assertThat(r.found()).isEqualTo(2);
      assertThat(r.missing()).containsExactly(1);
      assertThat(Arrays.copyOfRange(out, 2, 2 + D)).containsExactly(vector(2));
      assertThat(Arrays.copyOfRange(out, 2 + D, 2 + 2 * D)).containsOnly(0f);
      assertThat(Arrays.copyOfRange(out, 2 + 2 * D, 2 + 3 * D)).containsExactly(vector(1));
      assertThat(out[0]).isEqualTo(-7f);
    }
  }

  @Test
  void twoTextsUnderOneKeyAreACollisionBeforeTheyReachTheStore() {
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float32"), NEVER, 1_000)) {
      put(store, 1);
      assertThatThrownBy(() -> store.put(1001L, "another text", vector(1)))
          .isInstanceOf(KeyCollisionException.class).hasMessageContaining("another text");
      assertThatThrownBy(() -> store.put(0L, "padding", vector(0))).hasMessageContaining("key 0");
    }
  }

  @Test
  void aFloat16StoreIsWrittenThrough() {
    try (WriteBehindStore store = new WriteBehindStore(fileStore("float16"), NEVER, 1_000)) {
      put(store, 1);
      assertThat(store.stats().pendingVectors()).isZero();
      assertThat(store.stats().flushes()).isEqualTo(1);
    }
    try (BehaviorStore reopened = fileStore("float16")) {
      assertThat(reopened.contains(1001L)).isTrue();
    }
  }
}
