package dev.bahe.stores;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.StoreMetadata;
import java.nio.file.Path;

/** Argument checks shared by the store factories. */
final class StoreFactories {

  private StoreFactories() {}

  /** The store's dtype is part of its metadata; options naming another one are a configuration error. */
  static void checkDtype(StoreOptions options, StoreMetadata metadata) {
    if (!options.dtype().equals(metadata.dtype())) {
      throw new IllegalArgumentException("store.dtype is " + options.dtype() + " but the store metadata says "
          + metadata.dtype() + "; they must agree");
    }
    if (metadata.dimension() < 1) {
      throw new IllegalArgumentException("store dimension must be >= 1, was " + metadata.dimension());
    }
  }

  static Path directory(StoreOptions options) {
    if (options.path().isBlank()) {
      throw new IllegalArgumentException("store '" + options.name() + "' needs store.path (a directory)");
    }
    return Path.of(options.path());
  }
}
