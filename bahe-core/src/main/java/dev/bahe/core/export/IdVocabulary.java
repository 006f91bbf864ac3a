package dev.bahe.core.export;

import dev.bahe.api.data.Impression;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Maps string ids to embedding rows {@code 1..size}; row {@code 0} is shared by every id not seen when the
 * vocabulary was built (the usual out-of-vocabulary bucket of ID-feature models). Ids are numbered in sorted
 * order, so the mapping does not depend on input order. Immutable.
 */
public final class IdVocabulary {

  private final Map<String, Integer> index;

  private IdVocabulary(Map<String, Integer> index) {
    this.index = index;
  }

  /** The vocabulary of one field of {@code impressions}, e.g. {@code Impression::userId}. */
  public static IdVocabulary of(Collection<Impression> impressions, Function<Impression, String> field) {
    TreeSet<String> ids = new TreeSet<>();
    for (Impression imp : impressions) {
      ids.add(field.apply(imp));
    }
    Map<String, Integer> index = new HashMap<>();
    int next = 1;
    for (String id : ids) {
      index.put(id, next++);
    }
    return new IdVocabulary(index);
  }

  /** The row of {@code id}, 0 when unknown. */
  public int indexOf(String id) {
    return index.getOrDefault(id, 0);
  }

  /** Rows of the embedding table: known ids plus the unknown row. */
  public int rows() {
    return index.size() + 1;
  }
}
