package dev.bahe.stores;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import jakarta.inject.Inject;

/**
 * Opens or creates a {@link LuceneBehaviorStore} in the directory {@code options.path()}. The returned store
 * also implements {@link dev.bahe.api.store.NearestBehaviors}.
 */
final class LuceneStoreFactory implements BehaviorStoreFactory {

  @Inject
  LuceneStoreFactory() {}

  @Override
  public BehaviorStore open(StoreOptions options, StoreMetadata metadata) {
    StoreFactories.checkDtype(options, metadata);
    return new LuceneBehaviorStore(StoreFactories.directory(options), metadata);
  }
}
