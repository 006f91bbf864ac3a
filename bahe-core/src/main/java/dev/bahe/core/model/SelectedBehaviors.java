package dev.bahe.core.model;

import dev.bahe.api.data.Behavior;
import java.util.List;

/**
 * The behaviours one sample uses, per type in the dataset's type order, each list oldest first. Computed once
 * by {@link BehaviorSelector}; every variant reads this and nothing else from the history, so all variants see
 * exactly the same behaviours.
 *
 * @param behaviors per type, the selected behaviours in ascending time
 * @param texts per type, the {@link AtomicText} of each selected behaviour, same shape as {@code behaviors}
 */
public record SelectedBehaviors(List<List<Behavior>> behaviors, List<List<AtomicText>> texts) {

  public SelectedBehaviors {
    behaviors = behaviors.stream().map(List::copyOf).toList();
    texts = texts.stream().map(List::copyOf).toList();
    if (behaviors.size() != texts.size()) {
      throw new IllegalArgumentException("behaviours and texts differ in type count");
    }
  }

  /** Number of types {@code N}. */
  public int typeCount() {
    return behaviors.size();
  }

  /** Total selected behaviours over all types. */
  public int size() {
    int n = 0;
    for (List<Behavior> l : behaviors) {
      n += l.size();
    }
    return n;
  }
}
