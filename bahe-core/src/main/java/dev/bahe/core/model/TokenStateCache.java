package dev.bahe.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.api.model.TokenizedBatch;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ABE's cache of frozen lower-layer token states: for each distinct atomic text, the hidden states after layer
 * {@code k} of its real tokens, {@code [K_a, d]} row-major on the Java heap, computed once by the frozen
 * {@code lower(k)} and reused by every sample and epoch. Texts are truncated to {@code maxTokens}. Each text is
 * encoded on its own (a batch of one, without padding), so its states are a function of the text alone and not of
 * the batch that first needed it: a resumed run, a served request and an uninterrupted run read the same states
 * bit for bit. Thread-safe.
 */
final class TokenStateCache {

  private final Block lower;
  private final TextTokenizer tokenizer;
  private final int maxTokens;
  private final int hidden;
  private final Map<String, float[]> states = new ConcurrentHashMap<>();
  private final AtomicLong encoded = new AtomicLong();

  TokenStateCache(Block lower, TextTokenizer tokenizer, int maxTokens, int hidden) {
    this.lower = lower;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.hidden = hidden;
  }

  /** The cached states of {@code text}; call {@link #ensure} first. */
  float[] states(String text) {
    float[] s = states.get(text);
    if (s == null) {
      throw new IllegalStateException("no cached token states for '" + text + "'");
    }
    return s;
  }

  /** Number of texts encoded by the lower layers so far. */
  long encodedCount() {
    return encoded.get();
  }

  int size() {
    return states.size();
  }

  /** Encodes every text of {@code texts} not cached yet through the frozen lower layers. */
  synchronized void ensure(Collection<String> texts, NDManager parent) {
    for (String t : texts) {
      if (!states.containsKey(t)) {
        states.put(t, encode(t, parent));
        encoded.incrementAndGet();
      }
    }
  }

  private float[] encode(String text, NDManager parent) {
    TokenizedBatch batch = tokenizer.encode(List.of(text), maxTokens);
    try (NDManager scope = parent.newSubManager()) {
      NDList out = lower.forward(new ParameterStore(scope, false), batch.toNDList(scope), false, null);
      float[] h = out.head().toFloatArray();
      return Arrays.copyOf(h, batch.lengths()[0] * hidden);
    }
  }
}
