package dev.bahe.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * ABE features: for each sample and type (row {@code sample·N + type}), the cached lower-layer token states of
 * the selected behaviours concatenated in time order, {@code float32 [B·N, S, d]} with {@code S} the longest row
 * of the batch (at most {@code T / N}, since a behaviour's cost is its token count); the item title's token
 * states {@code [B, Si, d]}. Masks mark real positions.
 */
final class TokenStateFeatures implements FeatureBuilder {

  private final BehaviorSelector selector;
  private final TokenStateCache behaviors;
  private final ItemTokenStates items;
  private final int hidden;

  TokenStateFeatures(BehaviorSelector selector, TokenStateCache behaviors, ItemTokenStates items, int hidden) {
    this.selector = selector;
    this.behaviors = behaviors;
    this.items = items;
    this.hidden = hidden;
  }

  @Override
  public NDList build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager) {
    int batch = samples.size();
    int types = selector.types().size();
    List<String> behaviorTexts = new ArrayList<>();
    for (SelectedBehaviors s : selections) {
      for (List<AtomicText> l : s.texts()) {
        for (AtomicText t : l) {
          behaviorTexts.add(t.text());
        }
      }
    }
    behaviors.ensure(behaviorTexts, manager);

    int rows = batch * types;
    int[] rowLength = new int[rows];
    int longest = 1;
    for (int b = 0; b < batch; b++) {
      for (int n = 0; n < types; n++) {
        int len = 0;
        for (AtomicText t : selections.get(b).texts().get(n)) {
          len += behaviors.states(t.text()).length / hidden;
        }
        rowLength[b * types + n] = len;
        longest = Math.max(longest, len);
      }
    }
    float[] user = new float[rows * longest * hidden];
    long[] userPool = new long[rows * longest];
    for (int b = 0; b < batch; b++) {
      for (int n = 0; n < types; n++) {
        int r = b * types + n;
        int pos = 0;
        for (AtomicText t : selections.get(b).texts().get(n)) {
          float[] s = behaviors.states(t.text());
          System.arraycopy(s, 0, user, (r * longest + pos) * hidden, s.length);
          pos += s.length / hidden;
        }
        java.util.Arrays.fill(userPool, r * longest, r * longest + rowLength[r], 1L);
      }
    }
    Shape userMask = new Shape(rows, longest);
    NDList features = new NDList(
        manager.create(user, new Shape(rows, longest, hidden)),
        manager.create(Masks.attentionFor(userPool, rows, longest), userMask),
        manager.create(userPool, userMask));
    features.addAll(items.build(samples, manager));
    return features;
  }
}
