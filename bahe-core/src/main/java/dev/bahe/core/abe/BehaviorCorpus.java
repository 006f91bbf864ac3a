package dev.bahe.core.abe;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.store.KeyCollisionException;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The set {@code H} of unique atomic behaviours of a dataset: every behaviour text of every user history and
 * every item text, normalised with {@link BehaviorKeys#normalize} and deduplicated by key. Item texts are part of
 * {@code H} because items go through the same lower layers (DESIGN §2 step 4).
 *
 * <p>Immutable. Two different normalised texts with the same 64-bit key are refused with a
 * {@link KeyCollisionException} while scanning: a store must never share one vector between two texts.
 */
public final class BehaviorCorpus {

  private final long[] keys;
  private final String[] texts;
  private final long behaviorOccurrences;
  private final long itemOccurrences;

  private BehaviorCorpus(long[] keys, String[] texts, long behaviorOccurrences, long itemOccurrences) {
    this.keys = keys;
    this.texts = texts;
    this.behaviorOccurrences = behaviorOccurrences;
    this.itemOccurrences = itemOccurrences;
  }

  /**
   * Scans all behaviours of all histories and all item texts of {@code dataset}. The unique texts are kept in
   * first-seen order over users sorted by id, types in dataset order, then items sorted by id, so the result
   * does not depend on hash-map iteration order.
   */
  public static BehaviorCorpus scan(Dataset dataset) {
    Long2ObjectLinkedOpenHashMap<String> unique = new Long2ObjectLinkedOpenHashMap<>();
    long behaviors = 0;
    List<Map.Entry<String, UserHistory>> users = new ArrayList<>(dataset.histories().entrySet());
    users.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, UserHistory> user : users) {
      UserHistory history = user.getValue();
      List<BehaviorType> types = new ArrayList<>(dataset.types());
      for (BehaviorType t : history.types()) {
        if (!types.contains(t)) {
          types.add(t);
        }
      }
      for (BehaviorType type : types) {
        for (Behavior b : history.all(type)) {
          add(unique, b.text());
          behaviors++;
        }
      }
    }
    List<Item> items = new ArrayList<>(dataset.items().values());
    items.sort(Comparator.comparing(Item::itemId));
    for (Item item : items) {
      add(unique, item.text());
    }
    return fromMap(unique, behaviors, items.size());
  }

  /** A corpus of raw texts (normalised and deduplicated here), each counted as one behaviour occurrence. */
  public static BehaviorCorpus ofTexts(Iterable<String> rawTexts) {
    Long2ObjectLinkedOpenHashMap<String> unique = new Long2ObjectLinkedOpenHashMap<>();
    long n = 0;
    for (String text : rawTexts) {
      add(unique, text);
      n++;
    }
    return fromMap(unique, n, 0);
  }

  private static BehaviorCorpus fromMap(Long2ObjectLinkedOpenHashMap<String> unique, long behaviors, long items) {
    long[] keys = unique.keySet().toLongArray();
    String[] texts = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      texts[i] = unique.get(keys[i]);
    }
    return new BehaviorCorpus(keys, texts, behaviors, items);
  }

  private static void add(Long2ObjectLinkedOpenHashMap<String> unique, String raw) {
    String normalized = BehaviorKeys.normalize(raw);
    if (normalized.isEmpty()) {
      throw new IllegalArgumentException("behaviour text '" + raw + "' is empty after normalisation");
    }
    long key = BehaviorKeys.keyOfNormalized(normalized);
    String existing = unique.putIfAbsent(key, normalized);
    if (existing != null && !existing.equals(normalized)) {
      throw new KeyCollisionException(key, existing, normalized);
    }
  }

  /** {@code |H|}: number of unique normalised texts. */
  public int size() {
    return keys.length;
  }

  /** The key of unique text {@code i}. */
  public long key(int i) {
    return keys[i];
  }

  /** Unique normalised text {@code i}. */
  public String text(int i) {
    return texts[i];
  }

  /** Number of behaviour records scanned (with repeats). */
  public long behaviorOccurrences() {
    return behaviorOccurrences;
  }

  /** Number of item texts scanned. */
  public long itemOccurrences() {
    return itemOccurrences;
  }

  /** All texts scanned, with repeats: behaviours plus items. */
  public long occurrences() {
    return behaviorOccurrences + itemOccurrences;
  }

  /** Occurrences per unique text ({@code occurrences / |H|}); how many encodings ABE saves. 0 when empty. */
  public double dedupeRatio() {
    return keys.length == 0 ? 0 : (double) occurrences() / keys.length;
  }
}
