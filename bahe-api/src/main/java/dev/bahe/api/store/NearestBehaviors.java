package dev.bahe.api.store;

import java.util.List;

/**
 * Similarity search over stored behaviour vectors, offered by stores with a vector index (e.g. Lucene's
 * HNSW): "which behaviours are closest to this one".
 */
public interface NearestBehaviors {

  /** The {@code n} stored behaviours most similar to {@code vector} (cosine), best first. */
  List<Neighbor> nearest(float[] vector, int n);

  /**
   * One search hit.
   *
   * @param key behaviour key
   * @param text normalised behaviour text
   * @param score similarity, higher is closer
   */
  record Neighbor(long key, String text, float score) {}
}
