package dev.bahe.stores.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.registry.UnknownComponentException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreGatherBenchmarkTest {

  @TempDir Path tempDir;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "file", "lucene"})
  void measuresASmallStore(String store) {
    GatherThroughput r = StoreGatherBenchmark.run(new StoreGatherBenchmark.Config(
        store, tempDir.resolve(store), 2000, 32, 300, Duration.ofMillis(300), 2, "float32", "resident", 700, 1L));
    assertThat(r.store()).isEqualTo(store);
    assertThat(r.vectors()).isEqualTo(2000);
    assertThat(r.gathers()).isPositive();
    assertThat(r.gatheredVectors()).isEqualTo(r.gathers() * 300);
    assertThat(r.vectorsPerSecond()).isCloseTo(r.gatheredVectors() / r.seconds(),
        org.assertj.core.data.Percentage.withPercentage(0.01));
    assertThat(r.toJson()).startsWith("{\"store\":\"" + store + "\"").contains("\"vectorsPerSecond\":");
  }

  @Test
  void unknownStoreListsTheKnownOnes() {
    assertThatThrownBy(() -> StoreGatherBenchmark.run(new StoreGatherBenchmark.Config(
        "redis", tempDir, 10, 4, 3, Duration.ofMillis(10))))
        .isInstanceOf(UnknownComponentException.class).hasMessageContaining("memory");
  }
}
