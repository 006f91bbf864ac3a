package dev.bahe.stores;

import dev.bahe.api.config.StoreOptions;

/** The {@code file} store reading through memory mappings ({@code store.reads: mapped}). */
class MappedFileBehaviorStoreTest extends FileBehaviorStoreTest {

  @Override
  protected boolean mapped() {
    return true;
  }

  @Override
  protected StoreOptions options(String path, String dtype) {
    return new StoreOptions(storeName(), path, dtype, StoreOptions.MAPPED);
  }
}
