package dev.bahe.core.model;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.core.config.SequenceOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Point-in-time behaviour selection shared by all four variants, so that they differ only in how they encode.
 *
 * <p>For a sample at time {@code t} and each of the {@code N} types (in the dataset's order): take the at most
 * {@code M} most recent behaviours with timestamp {@code < t} ({@link UserHistory#recent}); then, walking from
 * the most recent backwards, keep behaviours while their token costs sum to at most {@code T / N} (the text
 * budget {@code T} split evenly over types). A behaviour's cost is its token count with the backbone tokenizer
 * (special tokens included, as ABE encodes it alone), capped at the behaviour truncation length {@code K}. The
 * kept behaviours are returned oldest first. A behaviour that does not fit ends the walk: older ones are never
 * taken in its place, so the selection is always a suffix of the history.
 *
 * <p>Token counts and normalised texts are cached per distinct raw text. Thread-safe.
 */
public final class BehaviorSelector {

  private final List<BehaviorType> types;
  private final int maxPerType;
  private final int budgetPerType;
  private final int behaviorTokens;
  private final int itemTokens;
  private final TextTokenizer tokenizer;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /**
   * @param types the {@code N} behaviour types, in the order of the feature-parallel sequences
   * @param sequence {@code M}, {@code T}, {@code K} and the item truncation length
   * @param tokenizer the backbone's tokenizer, for token costs
   */
  public BehaviorSelector(List<BehaviorType> types, SequenceOptions sequence, TextTokenizer tokenizer) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one behaviour type");
    }
    this.types = List.copyOf(types);
    this.maxPerType = sequence.maxBehaviorsPerType();
    this.budgetPerType = Math.max(1, sequence.textLength() / types.size());
    this.behaviorTokens = sequence.behaviorTokens();
    this.itemTokens = sequence.itemTokens();
    this.tokenizer = tokenizer;
  }

  public List<BehaviorType> types() {
    return types;
  }

  /** {@code T / N}: the token budget of one type. */
  public int budgetPerType() {
    return budgetPerType;
  }

  /** {@code M}. */
  public int maxPerType() {
    return maxPerType;
  }

  /** {@code K}. */
  public int behaviorTokens() {
    return behaviorTokens;
  }

  public int itemTokens() {
    return itemTokens;
  }

  /** The behaviours of {@code history} that a sample at {@code time} uses. */
  public SelectedBehaviors select(UserHistory history, long time) {
    List<List<Behavior>> behaviors = new ArrayList<>(types.size());
    List<List<AtomicText>> texts = new ArrayList<>(types.size());
    for (BehaviorType type : types) {
      List<Behavior> recent = history.recent(type, time, maxPerType);
      List<Behavior> kept = new ArrayList<>();
      List<AtomicText> keptTexts = new ArrayList<>();
      int used = 0;
      for (int i = recent.size() - 1; i >= 0; i--) {
        AtomicText text = behaviorText(recent.get(i).text());
        if (used + text.tokens() > budgetPerType) {
          break;
        }
        used += text.tokens();
        kept.add(recent.get(i));
        keptTexts.add(text);
      }
      Collections.reverse(kept);
      Collections.reverse(keptTexts);
      behaviors.add(kept);
      texts.add(keptTexts);
    }
    return new SelectedBehaviors(behaviors, texts);
  }

  /**
   * Whether the text budget {@code T} (rather than {@code M} or the end of the history) cut any type's sequence of
   * a sample at {@code time}, given its {@code selected} behaviours ({@link #select}): false means a longer {@code T}
   * would give this sample nothing more.
   */
  public boolean budgetLimits(UserHistory history, long time, SelectedBehaviors selected) {
    for (int n = 0; n < types.size(); n++) {
      int available = Math.min(maxPerType, history.countBefore(types.get(n), time));
      if (selected.behaviors().get(n).size() < available) {
        return true;
      }
    }
    return false;
  }

  /** A behaviour text with its cost capped at {@code K}. */
  public AtomicText behaviorText(String raw) {
    Entry e = entry(raw);
    return new AtomicText(e.normalized, e.key, Math.min(e.tokens, behaviorTokens));
  }

  /** An item text with its cost capped at the item truncation length. */
  public AtomicText itemText(String raw) {
    Entry e = entry(raw);
    return new AtomicText(e.normalized, e.key, Math.min(e.tokens, itemTokens));
  }

  private Entry entry(String raw) {
    Entry e = cache.get(raw);
    if (e == null) {
      String normalized = BehaviorKeys.normalize(raw);
      int count = Math.max(1, tokenizer.countTokens(normalized));
      e = new Entry(normalized, BehaviorKeys.keyOfNormalized(normalized), count);
      cache.putIfAbsent(raw, e);
    }
    return e;
  }

  private record Entry(String normalized, long key, int tokens) {}
}
