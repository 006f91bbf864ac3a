package dev.bahe.stores;

import com.google.inject.AbstractModule;
import dev.bahe.api.registry.Components;

/**
 * Registers the behaviour stores by name: {@code "memory"} (in-memory hash table), {@code "file"}
 * (memory-mapped append-only files) and {@code "lucene"} (Lucene index with HNSW nearest-neighbour search).
 * Binds factories only; nothing is opened in {@code configure()}.
 */
public final class StoresModule extends AbstractModule {

  @Override
  protected void configure() {
    Components.stores(binder()).addBinding("memory").to(MemoryStoreFactory.class);
    Components.stores(binder()).addBinding("file").to(FileStoreFactory.class);
    Components.stores(binder()).addBinding("lucene").to(LuceneStoreFactory.class);
  }
}
