package dev.bahe.encoders;

import dev.bahe.api.model.TextTokenizer;
import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Groups texts into batches of similar token length so that little is spent on padding, with at most
 * {@code maxTokensPerBatch} padded tokens per batch. Texts are tokenized once, in chunks; every batch is
 * handed over with the input positions of its rows.
 */
final class LengthBatcher {

  private static final int CHUNK = 8192;

  private final TextTokenizer tokenizer;
  private final int maxTokens;
  private final int maxTokensPerBatch;

  LengthBatcher(TextTokenizer tokenizer, int maxTokens, int maxTokensPerBatch) {
    if (maxTokens <= 0 || maxTokensPerBatch < maxTokens) {
      throw new IllegalArgumentException("need 0 < maxTokens <= maxTokensPerBatch, got " + maxTokens + " and "
          + maxTokensPerBatch);
    }
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.maxTokensPerBatch = maxTokensPerBatch;
  }

  /** Calls {@code sink} with each batch and the input index of each of its rows. */
  void forEachBatch(List<String> texts, BiConsumer<TokenizedBatch, int[]> sink) {
    for (int from = 0; from < texts.size(); from += CHUNK) {
      int to = Math.min(texts.size(), from + CHUNK);
      TokenizedBatch all = tokenizer.encode(texts.subList(from, to), maxTokens);
      Integer[] order = new Integer[all.batchSize()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingInt(i -> all.lengths()[i]));
      List<Integer> rows = new ArrayList<>();
      int longest = 0;
      for (int idx : order) {
        int len = Math.max(1, all.lengths()[idx]);
        if (!rows.isEmpty() && (long) Math.max(longest, len) * (rows.size() + 1) > maxTokensPerBatch) {
          sink.accept(slice(all, rows, longest), offsets(rows, from));
          rows.clear();
          longest = 0;
        }
        rows.add(idx);
        longest = Math.max(longest, len);
      }
      if (!rows.isEmpty()) {
        sink.accept(slice(all, rows, longest), offsets(rows, from));
      }
    }
  }

  private static int[] offsets(List<Integer> rows, int from) {
    return rows.stream().mapToInt(r -> r + from).toArray();
  }

  private TokenizedBatch slice(TokenizedBatch all, List<Integer> rows, int length) {
    int n = rows.size();
    long[] ids = new long[n * length];
    long[] mask = new long[n * length];
    int[] lengths = new int[n];
    Arrays.fill(ids, tokenizer.padId());
    for (int r = 0; r < n; r++) {
      int src = rows.get(r);
      int len = all.lengths()[src];
      System.arraycopy(all.ids(), src * all.length(), ids, r * length, len);
      System.arraycopy(all.mask(), src * all.length(), mask, r * length, len);
      lengths[r] = len;
    }
    return new TokenizedBatch(ids, mask, lengths, n, length);
  }
}
