package dev.bahe.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.store.BehaviorStore;
import org.junit.jupiter.api.Test;

class MemoryBehaviorStoreTest extends BehaviorStoreContractTest {

  @Override
  protected String storeName() {
    return "memory";
  }

  @Override
  protected boolean persistent() {
    return false;
  }

  @Test
  void eachOpenIsAFreshStore() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 5, D);
      store.flush();
    }
    try (BehaviorStore store = open()) {
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void growsAcrossChunks() {
    int n = MemoryBehaviorStore.CHUNK_ROWS * 2 + 17;
    try (BehaviorStore store = open()) {
      putRange(store, 0, n, D);
      store.flush();
      assertThat(store.size()).isEqualTo(n);
      assertHolds(store, n - 50, n, D);
      assertHolds(store, MemoryBehaviorStore.CHUNK_ROWS - 2, MemoryBehaviorStore.CHUNK_ROWS + 2, D);
    }
  }
}
