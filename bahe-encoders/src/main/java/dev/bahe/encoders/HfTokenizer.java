package dev.bahe.encoders;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.api.model.TokenizedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link TextTokenizer} over DJL's Hugging Face tokenizers, read from a local {@code tokenizer.json}.
 * Truncation keeps the leading and trailing special tokens (as Hugging Face truncation of one sequence does)
 * and cuts the text in between; rows are right-padded to the longest row. Thread-safe; holds a native
 * tokenizer until {@link #close()}.
 */
final class HfTokenizer implements TextTokenizer, AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final long padId;
  private final String source;

  HfTokenizer(Path tokenizerJson, long padId) {
    this.source = tokenizerJson.toString();
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IllegalArgumentException("tokenizer file not found: " + tokenizerJson.toAbsolutePath());
    }
    try {
      this.tokenizer = HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerJson)
          .optTruncation(false)
          .optPadding(false)
          .optAddSpecialTokens(true)
          .build();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
    this.padId = padId;
  }

  /** Opens a tokenizer whose pad id is read from the file's {@code padding.pad_id} (or 0). */
  static HfTokenizer open(Path tokenizerJson) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IllegalArgumentException("tokenizer file not found: " + tokenizerJson.toAbsolutePath());
    }
    return new HfTokenizer(tokenizerJson, padIdOf(tokenizerJson));
  }

  @Override
  public TokenizedBatch encode(List<String> texts, int maxTokens) {
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    int n = texts.size();
    long[][] rows = new long[n][];
    int longest = 0;
    if (n > 0) {
      Encoding[] encodings = tokenizer.batchEncode(texts);
      for (int i = 0; i < n; i++) {
        rows[i] = truncate(encodings[i], maxTokens);
        longest = Math.max(longest, rows[i].length);
      }
    }
    long[] ids = new long[n * longest];
    long[] mask = new long[n * longest];
    int[] lengths = new int[n];
    java.util.Arrays.fill(ids, padId);
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, ids, i * longest, rows[i].length);
      java.util.Arrays.fill(mask, i * longest, i * longest + rows[i].length, 1L);
      lengths[i] = rows[i].length;
    }
    return new TokenizedBatch(ids, mask, lengths, n, longest);
  }

  private static long[] truncate(Encoding e, int maxTokens) {
    long[] ids = e.getIds();
    if (ids.length <= maxTokens) {
      return ids;
    }
    long[] special = e.getSpecialTokenMask();
    int tail = 0;
    while (tail < ids.length && special[ids.length - 1 - tail] == 1 && tail < maxTokens) {
      tail++;
    }
    int head = maxTokens - tail;
    long[] out = new long[maxTokens];
    System.arraycopy(ids, 0, out, 0, head);
    System.arraycopy(ids, ids.length - tail, out, head, tail);
    return out;
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  @Override
  public long padId() {
    return padId;
  }

  @Override
  public String toString() {
    return "HfTokenizer[" + source + "]";
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /** {@code padding.pad_id} of a tokenizer.json, or 0 when the file sets no padding. */
  private static long padIdOf(Path tokenizerJson) {
    try {
      var padding = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tokenizerJson.toFile()).get("padding");
      return padding != null && padding.has("pad_id") ? padding.get("pad_id").asLong() : 0L;
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt tokenizer file " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }
}
