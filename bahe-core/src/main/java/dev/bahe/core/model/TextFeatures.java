package dev.bahe.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.api.model.TokenizedBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Token-id features of LLM-CTR and FP. LLM-CTR: one text per sample, all types' selected behaviours
 * concatenated with their type labels ({@code "liked: A; B. disliked: C."}), cut to {@code T} tokens. FP:
 * {@code N} texts per sample, one per type ({@code "liked: A; B."}), each cut to {@code T / N} tokens, laid out
 * sample-major ({@code row = sample·N + type}) so that one batched call encodes them. A sample (LLM-CTR) or type
 * (FP) without any selected behaviour gets an empty text whose pooling mask is all zero.
 */
final class TextFeatures implements FeatureBuilder {

  private final List<BehaviorType> types;
  private final BehaviorSelector selector;
  private final TextTokenizer tokenizer;
  private final boolean perType;
  private final int maxTokens;
  private final int itemTokens;

  private TextFeatures(BehaviorSelector selector, TextTokenizer tokenizer, boolean perType, int maxTokens,
      int itemTokens) {
    this.types = selector.types();
    this.selector = selector;
    this.tokenizer = tokenizer;
    this.perType = perType;
    this.maxTokens = maxTokens;
    this.itemTokens = itemTokens;
  }

  /** LLM-CTR: one concatenated text of at most {@code textLength} tokens. */
  static TextFeatures concatenated(BehaviorSelector selector, TextTokenizer tokenizer, int textLength) {
    return new TextFeatures(selector, tokenizer, false, textLength, selector.itemTokens());
  }

  /** FP: one text per type, each of at most {@code T / N} tokens. */
  static TextFeatures perType(BehaviorSelector selector, TextTokenizer tokenizer) {
    return new TextFeatures(selector, tokenizer, true, selector.budgetPerType(), selector.itemTokens());
  }

  /** The text of one type's behaviours, or empty when there are none. */
  static String typeText(BehaviorType type, List<AtomicText> texts) {
    if (texts.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(type.name()).append(": ");
    for (int i = 0; i < texts.size(); i++) {
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(texts.get(i).text());
    }
    return sb.append('.').toString();
  }

  /** The LLM-CTR text of one sample: the non-empty type texts in type order, separated by a space. */
  static String concatenatedText(List<BehaviorType> types, SelectedBehaviors selection) {
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < types.size(); n++) {
      String t = typeText(types.get(n), selection.texts().get(n));
      if (!t.isEmpty()) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(t);
      }
    }
    return sb.toString();
  }

  /** The user texts of a batch, in row order. */
  List<String> userTexts(List<SelectedBehaviors> selections) {
    List<String> texts = new ArrayList<>();
    for (SelectedBehaviors s : selections) {
      if (perType) {
        for (int n = 0; n < types.size(); n++) {
          texts.add(typeText(types.get(n), s.texts().get(n)));
        }
      } else {
        texts.add(concatenatedText(types, s));
      }
    }
    return texts;
  }

  @Override
  public NDList build(List<Sample> samples, List<SelectedBehaviors> selections, NDManager manager) {
    List<String> userTexts = userTexts(selections);
    TokenizedBatch user = tokenizer.encode(userTexts, maxTokens);
    long[] userPool = user.mask().clone();
    for (int r = 0; r < userTexts.size(); r++) {
      if (userTexts.get(r).isEmpty()) {
        Masks.clearRow(userPool, r, user.length());
      }
    }
    List<String> itemTexts = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      itemTexts.add(selector.itemText(s.item().text()).text());
    }
    TokenizedBatch item = tokenizer.encode(itemTexts, itemTokens);
    NDList out = new NDList(6);
    addTokens(out, user, userPool, manager);
    addTokens(out, item, item.mask(), manager);
    return out;
  }

  private void addTokens(NDList out, TokenizedBatch batch, long[] pool, NDManager manager) {
    TokenizedBatch b = batch.length() > 0 ? batch : padOne(batch);
    long[] poolMask = batch.length() > 0 ? pool : new long[b.batchSize()];
    Shape shape = new Shape(b.batchSize(), b.length());
    out.add(manager.create(b.ids(), shape));
    out.add(manager.create(Masks.attentionFor(b.mask(), b.batchSize(), b.length()), shape));
    out.add(manager.create(poolMask, shape));
  }

  /** A batch of zero-length rows (a tokenizer without special tokens on empty texts) as one padding column. */
  private TokenizedBatch padOne(TokenizedBatch b) {
    long[] ids = new long[b.batchSize()];
    java.util.Arrays.fill(ids, tokenizer.padId());
    return new TokenizedBatch(ids, new long[b.batchSize()], new int[b.batchSize()], b.batchSize(), 1);
  }
}
