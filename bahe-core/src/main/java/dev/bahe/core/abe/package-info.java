/**
 * Atomic Behaviour Encoding (DESIGN §2 step 1): {@link dev.bahe.core.abe.BehaviorCorpus} scans a dataset into
 * the set {@code H} of unique normalised behaviour and item texts, and {@link dev.bahe.core.abe.AbePipeline}
 * encodes the ones missing from a behaviour store with the frozen lower layers, resumably.
 */
package dev.bahe.core.abe;
