package dev.bahe.core.model;

import dev.bahe.api.data.Behavior;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One sample's selected behaviours of all types as one sequence (BAHE's {@code sequence.userSequence: merged}):
 * oldest first by timestamp, ties in the dataset's type order and then in each type's own order, so the result is
 * deterministic and each type's behaviours keep their relative order.
 *
 * @param texts the behaviours' texts in merged order
 * @param types each position's type index ({@code 0..N-1}, the dataset's order)
 */
record MergedSelection(List<AtomicText> texts, int[] types) {

  MergedSelection {
    texts = List.copyOf(texts);
    if (texts.size() != types.length) {
      throw new IllegalArgumentException(texts.size() + " texts but " + types.length + " type indices");
    }
  }

  /** The merged sequence of {@code selected}. */
  static MergedSelection of(SelectedBehaviors selected) {
    record Entry(long time, int type, int index) {}
    List<Entry> entries = new ArrayList<>(selected.size());
    for (int n = 0; n < selected.typeCount(); n++) {
      List<Behavior> seq = selected.behaviors().get(n);
      for (int j = 0; j < seq.size(); j++) {
        entries.add(new Entry(seq.get(j).timestamp(), n, j));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::time).thenComparingInt(Entry::type).thenComparingInt(Entry::index));
    List<AtomicText> texts = new ArrayList<>(entries.size());
    int[] types = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      texts.add(selected.texts().get(e.type()).get(e.index()));
      types[i] = e.type();
    }
    return new MergedSelection(texts, types);
  }

  /** The merged sequences of a batch, in its order. */
  static List<MergedSelection> of(List<SelectedBehaviors> selections) {
    return selections.stream().map(MergedSelection::of).toList();
  }

  /** The longest merged sequence of a batch (at least 1, the padded length). */
  static int longest(List<MergedSelection> rows) {
    int longest = 1;
    for (MergedSelection r : rows) {
      longest = Math.max(longest, r.texts().size());
    }
    return longest;
  }
}
