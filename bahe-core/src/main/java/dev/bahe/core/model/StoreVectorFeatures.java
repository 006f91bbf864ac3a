package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.GatherResult;
import java.util.List;

/**
 * BAHE features: one store vector per selected behaviour, {@code float32 [B·N, M, d]} (row
 * {@code sample·N + type}, behaviours left-aligned in time order, padding rows zero), and the item title's
 * store vector as a length-1 sequence {@code [B, 1, d]}. All {@code B·N·M + B} keys are gathered in ONE
 * {@link BehaviorStore#gather} call into one float array, which becomes one NDArray; padding slots carry the
 * reserved key {@code 0}. Misses are encoded on the fly by {@link StoreBackfill}.
 */
final class StoreVectorFeatures implements FeatureBuilder {

  private final BehaviorSelector selector;
  private final BehaviorStore store;
  private final StoreBackfill backfill;
  private final int hidden;

  StoreVectorFeatures(BehaviorSelector selector, BehaviorStore store, StoreBackfill backfill, int hidden) {
    this.selector = selector;
    this.store = store;
    this.backfill = backfill;
    this.hidden = hidden;
  }

  @Override
  public NDList build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager) {
    int batch = samples.size();
    int types = selector.types().size();
    int m = selector.maxPerType();
    int rows = batch * types;
    int userSlots = rows * m;
    long[] keys = new long[userSlots + batch];
    String[] texts = new String[keys.length];
    long[] pool = new long[userSlots];
    for (int b = 0; b < batch; b++) {
      List<List<AtomicText>> byType = selections.get(b).texts();
      for (int n = 0; n < types; n++) {
        List<AtomicText> seq = byType.get(n);
        int base = (b * types + n) * m;
        for (int j = 0; j < seq.size(); j++) {
          keys[base + j] = seq.get(j).key();
          texts[base + j] = seq.get(j).text();
          pool[base + j] = 1L;
        }
      }
      AtomicText item = selector.itemText(samples.get(b).item().text());
      keys[userSlots + b] = item.key();
      texts[userSlots + b] = item.text();
    }
    float[] vectors = new float[keys.length * hidden];
    GatherResult gathered = store.gather(keys, vectors, 0);
    if (!gathered.complete() && anyReal(keys, gathered.missing())) {
      backfill.fill(keys, texts, gathered.missing(), vectors, hidden);
    }
    NDArray all = manager.create(vectors, new Shape(keys.length, hidden));
    NDArray user = all.get("0:{}", userSlots).reshape(rows, m, hidden);
    NDArray item = all.get("{}:", userSlots).reshape(batch, 1, hidden);
    long[] itemMask = new long[batch];
    java.util.Arrays.fill(itemMask, 1L);
    Shape userMask = new Shape(rows, m);
    Shape itemShape = new Shape(batch, 1);
    return new NDList(
        user,
        manager.create(Masks.attentionFor(pool, rows, m), userMask),
        manager.create(pool, userMask),
        item,
        manager.create(itemMask, itemShape),
        manager.create(itemMask, itemShape));
  }

  private static boolean anyReal(long[] keys, int[] missing) {
    for (int i : missing) {
      if (keys[i] != 0L) {
        return true;
      }
    }
    return false;
  }
}
