package dev.bahe.stores;

import static dev.bahe.stores.StoreTestSupport.key;
import static dev.bahe.stores.StoreTestSupport.text;
import static dev.bahe.stores.StoreTestSupport.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.NearestBehaviors;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.api.store.NearestBehaviors.Neighbor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LuceneBehaviorStoreTest extends BehaviorStoreContractTest {

  @Override
  protected String storeName() {
    return "lucene";
  }

  /**
   * HNSW indexing of 1M vectors at d=384 takes many minutes on 2 cores, and 200k took three minutes on a 2-core CPU
   * without AVX-512, a seventh of the whole suite; 100k is the slow test's size (the file and memory stores hold 1M).
   */
  @Override
  protected int largeCount() {
    return 100_000;
  }

  @Override
  protected BehaviorStore openOnDisk(java.nio.file.Path dir, StoreMetadata m, DiskBudget disk) {
    return new LuceneBehaviorStore(dir, m, d -> new BudgetedDirectory(d, disk));
  }

  @Test
  void nearestFindsTheBehaviourItself() {
    try (BehaviorStore store = open()) {
      putRange(store, 0, 300, D);
      store.flush();
      putRange(store, 300, 400, D); // a second segment
      store.flush();
      NearestBehaviors nearest = (NearestBehaviors) store;
      for (int i : new int[] {0, 17, 350}) {
        List<Neighbor> hits = nearest.nearest(vector(i, D), 5);
        assertThat(hits).hasSize(5);
        assertThat(hits.get(0).key()).isEqualTo(key(i));
        assertThat(hits.get(0).text()).isEqualTo(text(i));
        assertThat(hits.get(0).score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        for (int h = 1; h < hits.size(); h++) {
          assertThat(hits.get(h).score()).isLessThanOrEqualTo(hits.get(h - 1).score());
          assertThat(store.text(hits.get(h).key())).hasValue(hits.get(h).text());
        }
      }
    }
  }

  @Test
  void nearestHasHighRecallAgainstBruteForce() {
    int d = 32;
    int n = 3000;
    int k = 10;
    try (BehaviorStore store = open(StoreTestSupport.metadata(d, "float32"))) {
      putRange(store, 0, n, d);
      store.flush();
      float[][] all = new float[n][];
      for (int i = 0; i < n; i++) {
        all[i] = vector(i, d);
      }
      int hits = 0;
      int queries = 50;
      for (int q = 0; q < queries; q++) {
        float[] query = vector(100_000 + q, d);
        java.util.Set<Long> exact = java.util.stream.IntStream.range(0, n).boxed()
            .sorted(java.util.Comparator.comparingDouble(i -> -cosine(query, all[i]))).limit(k)
            .map(StoreTestSupport::key).collect(java.util.stream.Collectors.toSet());
        List<Neighbor> found = ((NearestBehaviors) store).nearest(query, k);
        assertThat(found).hasSize(k);
        for (Neighbor nb : found) {
          hits += exact.contains(nb.key()) ? 1 : 0;
        }
        int best = (int) found.stream().filter(nb -> exact.contains(nb.key())).count();
        assertThat(best).isPositive();
      }
      double recall = hits / (double) (queries * k);
      assertThat(recall).as("recall@%d", k).isGreaterThanOrEqualTo(0.9);
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void zeroVectorsAreRefusedForCosine() {
    try (BehaviorStore store = open()) {
      assertThatThrownBy(() -> store.put(key(1), text(1), new float[D]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all zeros");
      assertThatThrownBy(() -> ((NearestBehaviors) store).nearest(new float[D], 3))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-zero");
    }
  }
}
