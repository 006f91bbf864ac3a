package dev.bahe.stores;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic test data shared by the store tests and the crash-test child process. */
final class StoreTestSupport {

  private StoreTestSupport() {}

  static Map<String, BehaviorStoreFactory> factories() {
    return Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
  }

  static StoreMetadata metadata(int dimension, String dtype) {
    return new StoreMetadata(
        new EncoderIdentity("all-minilm-l6-v2", "ab".repeat(32), 3, "mean", dimension, 32), dtype);
  }

  static String text(int i) {
    return "bought: item number " + i;
  }

  static long key(int i) {
    return BehaviorKeys.keyOfNormalized(text(i));
  }

  /** A reproducible vector for behaviour {@code i}: uniform in [-1, 1), never all zero. */
  static float[] vector(int i, int dimension) {
    SplittableRandom random = new SplittableRandom(0x5eedL * 31 + i);
    float[] v = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      v[j] = (float) (random.nextDouble() * 2 - 1);
    }
    v[0] = v[0] == 0f ? 0.5f : v[0];
    return v;
  }
}
