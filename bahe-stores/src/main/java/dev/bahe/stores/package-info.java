/**
 * Behaviour stores for the ABE table: {@code memory}, {@code file} and {@code lucene}, registered by
 * {@link dev.bahe.stores.StoresModule}. Implementations are package-private; use them through
 * {@link dev.bahe.api.store.BehaviorStoreFactory} from the component registry.
 */
package dev.bahe.stores;
