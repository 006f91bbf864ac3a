package dev.bahe.stores;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import jakarta.inject.Inject;

/** Opens or creates a {@link FileBehaviorStore} in the directory {@code options.path()}. */
final class FileStoreFactory implements BehaviorStoreFactory {

  @Inject
  FileStoreFactory() {}

  @Override
  public BehaviorStore open(StoreOptions options, StoreMetadata metadata) {
    StoreFactories.checkDtype(options, metadata);
    return new FileBehaviorStore(StoreFactories.directory(options), metadata,
        StoreOptions.RESIDENT.equals(options.reads()));
  }
}
