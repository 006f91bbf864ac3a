package dev.bahe.api.store;

import dev.bahe.api.config.StoreOptions;

/**
 * Opens or creates a {@link BehaviorStore}. Registered by name ({@code "memory"}, {@code "file"},
 * {@code "lucene"}).
 */
public interface BehaviorStoreFactory {

  /**
   * Opens the store at {@code options.path()}, creating it with {@code metadata} when absent. An existing
   * store written with other metadata throws {@link MetadataMismatchException} naming the differing fields.
   */
  BehaviorStore open(StoreOptions options, StoreMetadata metadata);
}
