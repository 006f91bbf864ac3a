package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.GatherResult;
import dev.bahe.core.config.HistorySummary;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's long-term summary ({@link HistorySummary#MEAN}): per sample and type, the mean of the store vectors
 * of all the user's behaviours of that type strictly before the sample's time, {@code float32 [B·N, d]} (row
 * {@code sample·N + type}, zero for a type without behaviours). The distinct keys of a batch are gathered from the
 * store in one call (misses go through {@link StoreBackfill}, as for the encoded sequences) and summed in double
 * precision, in time order, so the result does not depend on how the batch is composed.
 */
final class HistorySummaryFeatures {

  private final BehaviorSelector selector;
  private final BehaviorStore store;
  private final StoreBackfill backfill;
  private final int hidden;

  HistorySummaryFeatures(BehaviorSelector selector, BehaviorStore store, StoreBackfill backfill, int hidden) {
    this.selector = selector;
    this.store = store;
    this.backfill = backfill;
    this.hidden = hidden;
  }

  /** Sequences per sample the summary adds to the head's input: one per behaviour type. */
  int rowsPerSample() {
    return selector.types().size();
  }

  /** The summaries of every sample. */
  NDArray build(List<Sample> samples, NDManager manager) {
    List<BehaviorType> types = selector.types();
    int n = types.size();
    Map<Long, Integer> rowOfKey = new HashMap<>();
    Map<Long, String> textOfKey = new HashMap<>();
    int[][][] rows = new int[samples.size()][n][];
    for (int b = 0; b < samples.size(); b++) {
      Sample s = samples.get(b);
      for (int t = 0; t < n; t++) {
        BehaviorType type = types.get(t);
        List<Behavior> before = s.history().before(type, s.time());
        int[] r = new int[before.size()];
        for (int j = 0; j < r.length; j++) {
          AtomicText text = selector.behaviorText(before.get(j).text());
          Integer row = rowOfKey.get(text.key());
          if (row == null) {
            row = rowOfKey.size();
            rowOfKey.put(text.key(), row);
            textOfKey.put(text.key(), text.text());
          }
          r[j] = row;
        }
        rows[b][t] = r;
      }
    }
    float[] vectors = gather(rowOfKey, textOfKey);
    float[] out = new float[samples.size() * n * hidden];
    double[] sum = new double[hidden];
    for (int b = 0; b < samples.size(); b++) {
      for (int t = 0; t < n; t++) {
        int[] r = rows[b][t];
        if (r.length == 0) {
          continue;
        }
        Arrays.fill(sum, 0.0);
        for (int row : r) {
          int base = row * hidden;
          for (int i = 0; i < hidden; i++) {
            sum[i] += vectors[base + i];
          }
        }
        int offset = (b * n + t) * hidden;
        for (int i = 0; i < hidden; i++) {
          out[offset + i] = (float) (sum[i] / r.length);
        }
      }
    }
    return manager.create(out, new Shape((long) samples.size() * n, hidden));
  }

  private float[] gather(Map<Long, Integer> rowOfKey, Map<Long, String> textOfKey) {
    int count = rowOfKey.size();
    long[] keys = new long[count];
    String[] texts = new String[count];
    for (Map.Entry<Long, Integer> e : rowOfKey.entrySet()) {
      keys[e.getValue()] = e.getKey();
      texts[e.getValue()] = textOfKey.get(e.getKey());
    }
    float[] vectors = new float[count * hidden];
    if (count == 0) {
      return vectors;
    }
    GatherResult result = store.gather(keys, vectors, 0);
    if (!result.complete()) {
      backfill.fill(keys, texts, result.missing(), vectors, hidden);
    }
    return vectors;
  }
}
