package dev.bahe.core.export;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the point-in-time history of each impression into hashed behaviour ids for {@link HistoryEmbeddingBlock}:
 * per behaviour type, the most recent {@code M} behaviours strictly before the impression ({@link
 * UserHistory#recent}), each as the bucket {@code floorMod(BehaviorKeys.key(text), buckets)} of its normalised
 * text, so the same behaviour of any user shares one embedding row. Thread-safe (buckets of texts are cached).
 */
final class HashedHistory {

  private final Dataset dataset;
  private final List<BehaviorType> types;
  private final int m;
  private final int buckets;
  private final Map<String, Integer> bucketOfText = new ConcurrentHashMap<>();

  HashedHistory(Dataset dataset, List<BehaviorType> types, int m, int buckets) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("history needs at least one behaviour type");
    }
    if (m <= 0 || buckets <= 0) {
      throw new IllegalArgumentException("history length and buckets must be positive, were " + m + ", "
          + buckets);
    }
    this.dataset = dataset;
    this.types = List.copyOf(types);
    this.m = m;
    this.buckets = buckets;
  }

  int types() {
    return types.size();
  }

  int length() {
    return m;
  }

  int buckets() {
    return buckets;
  }

  /** The bucket of a behaviour text. */
  static int bucketOf(String text, int buckets) {
    return (int) Math.floorMod(BehaviorKeys.key(text), (long) buckets);
  }

  /** {@code (bucket int64 [B, N, M], mask float32 [B, N, M])}; positions past a type's behaviours are padding. */
  NDList features(List<Impression> batch, NDManager manager) {
    int n = types.size();
    long[] bucket = new long[batch.size() * n * m];
    float[] mask = new float[bucket.length];
    for (int r = 0; r < batch.size(); r++) {
      Impression imp = batch.get(r);
      UserHistory history = dataset.history(imp.userId());
      for (int j = 0; j < n; j++) {
        List<Behavior> recent = history.recent(types.get(j), imp.timestamp(), m);
        int base = (r * n + j) * m;
        for (int p = 0; p < recent.size(); p++) {
          bucket[base + p] = bucketOfText.computeIfAbsent(recent.get(p).text(), t -> bucketOf(t, buckets));
          mask[base + p] = 1f;
        }
      }
    }
    Shape shape = new Shape(batch.size(), n, m);
    return new NDList(manager.create(bucket, shape), manager.create(mask, shape));
  }
}
