package dev.bahe.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.StoreMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code file} store with resident reads (the default); {@link MappedFileBehaviorStoreTest} maps instead. */
class FileBehaviorStoreTest extends BehaviorStoreContractTest {

  @Override
  protected String storeName() {
    return "file";
  }

  /** Whether the store under test reads through a mapping. */
  protected boolean mapped() {
    return false;
  }

  @Override
  protected BehaviorStore openOnDisk(Path dir, StoreMetadata m, DiskBudget disk) {
    return new FileBehaviorStore(dir, m, !mapped(), FileBehaviorStore.RESIDENT_CHUNK_BYTES,
        BudgetedFileChannel.on(disk));
  }

  @Test
  void manySmallChunksBehaveLikeOne() {
    int d = 8;
    int recordSize = FileBehaviorStore.recordSize(d, false);
    Path dir = tempDir.resolve("small-maps");
    // 7 records per chunk: flushes of 5 fill the last chunk and add new ones
    try (BehaviorStore store = new FileBehaviorStore(dir, StoreTestSupport.metadata(d, "float32"), !mapped(),
        7 * recordSize)) {
      for (int b = 0; b < 8; b++) {
        putRange(store, b * 5, b * 5 + 5, d);
        store.flush();
        assertHolds(store, 0, b * 5 + 5, d);
      }
    }
    try (BehaviorStore store = new FileBehaviorStore(dir, StoreTestSupport.metadata(d, "float32"), !mapped(),
        7 * recordSize)) {
      assertThat(store.size()).isEqualTo(40);
      long[] keys = java.util.stream.IntStream.of(39, 0, 6, 7, 13, 14, 20).mapToLong(StoreTestSupport::key).toArray();
      float[] out = new float[keys.length * d];
      assertThat(store.gather(keys, out, 0).complete()).isTrue();
      assertThat(java.util.Arrays.copyOfRange(out, 3 * d, 4 * d)).containsExactly(StoreTestSupport.vector(7, d));
      assertHolds(store, 0, 40, d);
    }
  }

  @Test
  void recordsHaveTheDocumentedSize() throws Exception {
    assertThat(FileBehaviorStore.recordSize(384, false)).isEqualTo(24 + 384 * 4 + 4);
    assertThat(FileBehaviorStore.recordSize(3, true)).isEqualTo(24 + 8 + 4); // 6 bytes padded to 8
    try (BehaviorStore store = open()) {
      putRange(store, 0, 10, D);
      store.flush();
    }
    assertThat(Files.size(tempDir.resolve("store").resolve(FileBehaviorStore.VECTORS_FILE)))
        .isEqualTo(FileBehaviorStore.HEADER_SIZE + 10L * FileBehaviorStore.recordSize(D, false));
    assertThat(Files.size(tempDir.resolve("store").resolve(FileBehaviorStore.COMMIT_FILE)))
        .isEqualTo(FileBehaviorStore.COMMIT_SIZE);
  }
}
