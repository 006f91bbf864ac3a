package dev.bahe.api.model;

import java.util.List;

/**
 * Turns texts into token ids for a {@link LayeredLanguageModel}. Implementations include the special tokens
 * the model was trained with (e.g. {@code [CLS] ... [SEP]} for BERT). Thread-safe.
 */
public interface TextTokenizer {

  /**
   * Tokenizes a batch: each text truncated to at most {@code maxTokens} tokens (special tokens included),
   * all rows padded to the longest row of the batch.
   */
  TokenizedBatch encode(List<String> texts, int maxTokens);

  /** Number of tokens of one text without truncation, special tokens included. */
  int countTokens(String text);

  /** The id used for padding. */
  long padId();
}
