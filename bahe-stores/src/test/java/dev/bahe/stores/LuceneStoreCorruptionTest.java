package dev.bahe.stores;

import static dev.bahe.stores.StoreTestSupport.key;
import static dev.bahe.stores.StoreTestSupport.metadata;
import static dev.bahe.stores.StoreTestSupport.text;
import static dev.bahe.stores.StoreTestSupport.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.StoreCorruptedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A flipped byte in a Lucene store's files is reported as {@link StoreCorruptedException} on open: the store
 * checksums every segment file in full when it opens. (A byte flipped while the store is open is not
 * detected by reads; Lucene verifies checksums on open, merge and integrity checks only.)
 */
class LuceneStoreCorruptionTest {

  static final int D = 16;

  @TempDir Path tempDir;
  Path dir;

  @BeforeEach
  void writeStore() {
    dir = tempDir.resolve("store");
    try (BehaviorStore store = open()) {
      for (int i = 0; i < 200; i++) {
        store.put(key(i), text(i), vector(i, D));
      }
      store.flush();
    }
  }

  BehaviorStore open() {
    return StoreTestSupport.factories().get("lucene")
        .open(new StoreOptions("lucene", dir.toString(), "float32"), metadata(D, "float32"));
  }

  /**
   * Files by extension: {@code vec} holds the raw vectors, {@code vex} the HNSW graph, {@code fdt} the stored
   * texts and keys, {@code dvd} the key doc values; {@code segments} is the commit point.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {".vec", ".vex", ".fdt", ".dvd", "segments_"})
  void aFlippedByteFailsTheOpenNamingTheFile(String suffix) throws IOException {
    Path victim;
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> matching = files.filter(p -> p.getFileName().toString().contains(suffix)).toList();
      assertThat(matching).as("files %s", suffix).isNotEmpty();
      victim = matching.get(0);
    }
    byte[] bytes = Files.readAllBytes(victim);
    int position = bytes.length / 2;
    bytes[position] ^= 0x10;
    Files.write(victim, bytes);
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(victim.getFileName().toString());
  }
}
