package dev.bahe.core.model;

import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.store.BehaviorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the rows of a store gather that missed: their texts are encoded by the frozen lower part (the
 * {@link BehaviorEncoder}), written back to the store and flushed, and copied into the gathered rows. Training
 * and serving share this path, so a behaviour or item first seen at serving time gets exactly the vector the
 * ABE pipeline would have stored. After a complete ABE run nothing misses and the encoder is never called.
 * Thread-safe: write-backs are serialised, as the store allows one writer at a time.
 */
final class StoreBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(StoreBackfill.class);

  private final BehaviorStore store;
  private final BehaviorEncoder encoder;
  private final AtomicLong encoded = new AtomicLong();

  /** @param encoder the lower-part encoder, or null when every text must already be stored */
  StoreBackfill(BehaviorStore store, BehaviorEncoder encoder) {
    this.store = store;
    this.encoder = encoder;
  }

  /** Texts encoded on the fly so far. */
  long encodedCount() {
    return encoded.get();
  }

  /**
   * Fills the rows {@code missing} (indices into {@code keys}) of {@code out}; rows whose key is {@code 0} are
   * padding and stay zero.
   */
  synchronized void fill(long[] keys, String[] texts, int[] missing, float[] out, int dimension) {
    Map<Long, String> unique = new LinkedHashMap<>();
    for (int i : missing) {
      if (keys[i] != 0L) {
        unique.putIfAbsent(keys[i], texts[i]);
      }
    }
    if (unique.isEmpty()) {
      return;
    }
    Map<Long, float[]> vectors = new LinkedHashMap<>();
    List<Long> toEncode = new ArrayList<>();
    for (Map.Entry<Long, String> e : unique.entrySet()) {
      // another thread may have written it since the gather
      var stored = store.get(e.getKey());
      if (stored.isPresent()) {
        vectors.put(e.getKey(), stored.get());
      } else {
        toEncode.add(e.getKey());
      }
    }
    if (!toEncode.isEmpty()) {
      if (encoder == null) {
        throw new IllegalStateException("the behaviour store lacks " + toEncode.size() + " vector(s), e.g. '"
            + unique.get(toEncode.get(0)) + "', and no encoder is configured to encode them: run the ABE"
            + " pipeline over the dataset first");
      }
      List<String> batch = new ArrayList<>(toEncode.size());
      long[] batchKeys = new long[toEncode.size()];
      for (int i = 0; i < batchKeys.length; i++) {
        batchKeys[i] = toEncode.get(i);
        batch.add(unique.get(batchKeys[i]));
      }
      float[] encodedVectors = encoder.encode(batch);
      store.putAll(batchKeys, batch.toArray(String[]::new), encodedVectors);
      store.flush();
      encoded.addAndGet(batchKeys.length);
      LOG.debug("encoded and stored {} new texts on the fly", batchKeys.length);
      for (int i = 0; i < batchKeys.length; i++) {
        float[] v = new float[dimension];
        System.arraycopy(encodedVectors, i * dimension, v, 0, dimension);
        vectors.put(batchKeys[i], v);
      }
    }
    for (int i : missing) {
      float[] v = vectors.get(keys[i]);
      if (v != null) {
        System.arraycopy(v, 0, out, i * dimension, dimension);
      }
    }
  }
}
