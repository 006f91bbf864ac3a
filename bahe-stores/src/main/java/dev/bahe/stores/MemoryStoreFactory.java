package dev.bahe.stores;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import jakarta.inject.Inject;

/** Opens a fresh, empty {@link MemoryBehaviorStore} each time; {@code options.path()} is ignored. */
final class MemoryStoreFactory implements BehaviorStoreFactory {

  @Inject
  MemoryStoreFactory() {}

  @Override
  public BehaviorStore open(StoreOptions options, StoreMetadata metadata) {
    StoreFactories.checkDtype(options, metadata);
    return new MemoryBehaviorStore(metadata);
  }
}
