package dev.bahe.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.StoreException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class FileBehaviorStoreTest extends BehaviorStoreContractTest {

  @Override
  protected String storeName() {
    return "file";
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() {
    try (BehaviorStore store = open()) {
      assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("already open");
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
