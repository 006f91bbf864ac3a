package dev.bahe.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ABE's cache of frozen lower-layer token states: for each distinct atomic text, the hidden states after layer
 * {@code k} of its real tokens, {@code [K_a, d]} row-major on the Java heap, computed once by the frozen
 * {@code lower(k)} and reused by every sample and epoch. Texts are truncated to {@code maxTokens}. Uncached texts
 * of a batch are encoded together, in chunks of at most {@code maxTokensPerPass} padded tokens. Thread-safe.
 */
final class TokenStateCache {

  private final Block lower;
  private final TextTokenizer tokenizer;
  private final int maxTokens;
  private final int hidden;
  private final int maxTokensPerPass;
  private final Map<String, float[]> states = new ConcurrentHashMap<>();
  private final AtomicLong encoded = new AtomicLong();

  TokenStateCache(Block lower, TextTokenizer tokenizer, int maxTokens, int hidden, int maxTokensPerPass) {
    this.lower = lower;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.hidden = hidden;
    this.maxTokensPerPass = Math.max(maxTokens, maxTokensPerPass);
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
    LinkedHashSet<String> missing = new LinkedHashSet<>();
    for (String t : texts) {
      if (!states.containsKey(t)) {
        missing.add(t);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<String> all = new ArrayList<>(missing);
    int perPass = Math.max(1, maxTokensPerPass / maxTokens);
    for (int from = 0; from < all.size(); from += perPass) {
      encode(all.subList(from, Math.min(all.size(), from + perPass)), parent);
    }
  }

  private void encode(List<String> texts, NDManager parent) {
    TokenizedBatch batch = tokenizer.encode(texts, maxTokens);
    try (NDManager scope = parent.newSubManager()) {
      NDList out = lower.forward(new ParameterStore(scope, false), batch.toNDList(scope), false, null);
      float[] h = out.head().toFloatArray();
      int rowSize = batch.length() * hidden;
      for (int i = 0; i < texts.size(); i++) {
        int len = batch.lengths()[i];
        float[] s = new float[len * hidden];
        System.arraycopy(h, i * rowSize, s, 0, s.length);
        states.put(texts.get(i), s);
      }
      encoded.addAndGet(texts.size());
    }
  }
}
