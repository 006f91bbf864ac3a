package dev.bahe.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The item part of the block input when the upper layers read item titles token by token (+ABE, and BAHE with
 * {@code sequence.itemEncoding: tokens}): the cached lower-layer token states of each sample's title,
 * {@code float32 [B, Si, d]} with {@code Si} the longest title of the batch, its attention mask and its pooling
 * mask (the real tokens).
 */
final class ItemTokenStates {

  private final BehaviorSelector selector;
  private final TokenStateCache cache;
  private final int hidden;

  ItemTokenStates(BehaviorSelector selector, TokenStateCache cache, int hidden) {
    this.selector = selector;
    this.cache = cache;
    this.hidden = hidden;
  }

  /** Texts the frozen lower part has encoded into this cache so far. */
  long encodedCount() {
    return cache.encodedCount();
  }

  /** {@code NDList(states, attention mask, pooling mask)} of the samples' item titles. */
  NDList build(List<Sample> samples, NDManager manager) {
    int batch = samples.size();
    String[] texts = new String[batch];
    for (int b = 0; b < batch; b++) {
      texts[b] = selector.itemText(samples.get(b).item().text()).text();
    }
    cache.ensure(List.of(texts), manager);
    int longest = 1;
    for (String t : texts) {
      longest = Math.max(longest, cache.states(t).length / hidden);
    }
    float[] states = new float[batch * longest * hidden];
    long[] pool = new long[batch * longest];
    for (int b = 0; b < batch; b++) {
      float[] s = cache.states(texts[b]);
      System.arraycopy(s, 0, states, b * longest * hidden, s.length);
      Arrays.fill(pool, b * longest, b * longest + s.length / hidden, 1L);
    }
    Shape mask = new Shape(batch, longest);
    return new NDList(
        manager.create(states, new Shape(batch, longest, hidden)),
        manager.create(Masks.attentionFor(pool, batch, longest), mask),
        manager.create(pool, mask));
  }
}
