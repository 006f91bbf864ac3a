package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.GatherResult;
import java.util.List;

/**
 * BAHE features: one store vector per selected behaviour, {@code float32 [B·N, L, d]} (row
 * {@code sample·N + type}, behaviours left-aligned in time order, padding rows zero; {@code L ≤ M} the batch's
 * longest selected sequence), and the item title either
 * as its store vector, a length-1 sequence {@code [B, 1, d]} ({@code sequence.itemEncoding: pooled}), or as its
 * cached token states ({@code tokens}, {@link ItemTokenStates}). The keys of all selected behaviours (and pooled
 * items) of the batch are gathered in ONE {@link BehaviorStore#gather} call, copied row by row into the padded
 * layout of one float array, which becomes one NDArray. Misses are encoded on the fly by {@link StoreBackfill}.
 *
 * <p>With {@code sequence.userSequence: merged} the user side is one row per sample, {@code [B, L, d]}: all types'
 * selected behaviours in time order (ties in type order, {@link MergedSelection}), followed by the seventh array,
 * each position's type as a one-hot {@code float32 [B, L, N]} (zero at padding) for the encoder's type embedding.
 */
final class StoreVectorFeatures implements FeatureBuilder {

  private final BehaviorSelector selector;
  private final BehaviorStore store;
  private final StoreBackfill backfill;
  private final int hidden;
  private final ItemTokenStates itemTokens;
  private final boolean merged;

  /**
   * @param itemTokens the items' token states, or null to read each item's pooled vector from the store
   * @param merged one time-ordered sequence of all types per sample (and the type one-hot) instead of one per type
   */
  StoreVectorFeatures(BehaviorSelector selector, BehaviorStore store, StoreBackfill backfill, int hidden,
      ItemTokenStates itemTokens, boolean merged) {
    this.selector = selector;
    this.store = store;
    this.backfill = backfill;
    this.hidden = hidden;
    this.itemTokens = itemTokens;
    this.merged = merged;
  }

  /** The user rows per sample: {@code N} sequences per type, or 1 merged. */
  int rowsPerSample() {
    return merged ? 1 : selector.types().size();
  }

  @Override
  public NDList build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager) {
    int batch = samples.size();
    int typeCount = selector.types().size();
    List<MergedSelection> mergedRows = merged ? MergedSelection.of(selections) : null;
    int types = rowsPerSample();
    int m = merged ? MergedSelection.longest(mergedRows) : longestSequence(selections);
    int rows = batch * types;
    int userSlots = rows * m;
    int pooledItems = itemTokens == null ? batch : 0;
    int slots = userSlots + pooledItems;
    // real keys only, compactly: padding slots never reach the store (0 is not a key)
    long[] keys = new long[slots];
    String[] texts = new String[slots];
    int[] slotOf = new int[slots];
    int count = 0;
    long[] pool = new long[userSlots];
    float[] typeOneHot = merged ? new float[userSlots * typeCount] : null;
    for (int b = 0; b < batch; b++) {
      List<List<AtomicText>> byType = merged ? List.of(mergedRows.get(b).texts()) : selections.get(b).texts();
      for (int n = 0; n < types; n++) {
        List<AtomicText> seq = byType.get(n);
        int base = (b * types + n) * m;
        for (int j = 0; j < seq.size(); j++) {
          keys[count] = seq.get(j).key();
          texts[count] = seq.get(j).text();
          slotOf[count++] = base + j;
          pool[base + j] = 1L;
          if (merged) {
            typeOneHot[(base + j) * typeCount + mergedRows.get(b).types()[j]] = 1f;
          }
        }
      }
    }
    for (int b = 0; b < pooledItems; b++) {
      AtomicText item = selector.itemText(samples.get(b).item().text());
      keys[count] = item.key();
      texts[count] = item.text();
      slotOf[count++] = userSlots + b;
    }
    long[] realKeys = java.util.Arrays.copyOf(keys, count);
    float[] gathered = new float[count * hidden];
    GatherResult result = store.gather(realKeys, gathered, 0);
    if (!result.complete()) {
      backfill.fill(realKeys, texts, result.missing(), gathered, hidden);
    }
    float[] vectors = new float[slots * hidden];
    for (int i = 0; i < count; i++) {
      System.arraycopy(gathered, i * hidden, vectors, slotOf[i] * hidden, hidden);
    }
    NDArray all = manager.create(vectors, new Shape(slots, hidden));
    Shape userMask = new Shape(rows, m);
    NDList features = new NDList(
        all.get("0:{}", userSlots).reshape(rows, m, hidden),
        manager.create(Masks.attentionFor(pool, rows, m), userMask),
        manager.create(pool, userMask));
    if (itemTokens != null) {
      features.addAll(itemTokens.build(samples, manager));
    } else {
      long[] itemMask = new long[batch];
      java.util.Arrays.fill(itemMask, 1L);
      Shape itemShape = new Shape(batch, 1);
      features.add(all.get("{}:", userSlots).reshape(batch, 1, hidden));
      features.add(manager.create(itemMask, itemShape));
      features.add(manager.create(itemMask, itemShape));
    }
    if (merged) {
      features.add(manager.create(typeOneHot, new Shape(rows, m, typeCount)));
    }
    return features;
  }

  /**
   * The padded length of the batch's user sequences: its longest selected sequence (at least 1), not {@code M}.
   * Padding is masked out of attention and pooling, so this changes no result, only how many positions the upper
   * layers run over; with a text budget that fits a few behaviours per type, padding to {@code M} multiplied the
   * upper layers' work several times.
   */
  private static int longestSequence(List<SelectedBehaviors> selections) {
    int longest = 1;
    for (SelectedBehaviors s : selections) {
      for (List<Behavior> seq : s.behaviors()) {
        longest = Math.max(longest, seq.size());
      }
    }
    return longest;
  }
}
