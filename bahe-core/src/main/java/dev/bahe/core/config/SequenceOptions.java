package dev.bahe.core.config;

import java.util.Objects;

/**
 * How much behaviour text a sample sees.
 *
 * @param maxBehaviorsPerType {@code M}: at most this many most-recent behaviours of each type
 * @param textLength {@code T}: total text budget in tokens; every variant sees the same behaviours — the most
 *     recent ones of each type, as many as fit in about {@code T} tokens in total ({@code T / N} per type)
 * @param behaviorTokens {@code K}: truncation length of one behaviour text, special tokens included
 * @param itemTokens truncation length of the item text
 * @param itemEncoding how BAHE's upper layers see the item title (the other variants are fixed: LLM-CTR and FP
 *     read its text, +ABE its token states)
 * @param typeShares whether the logit gets a learned linear term of the user's per-type behaviour shares
 * @param historySummary whether BAHE's head also reads the per-type mean of the store vectors of the user's whole
 *     point-in-time history
 * @param interactions whether the head also reads the element-wise products of each user representation with the
 *     item's
 * @param userSequence whether BAHE's upper layers read one sequence per type or one of all types in time order
 * @param positionOrigin whether BAHE's behaviour position 0 is a sequence's oldest or newest behaviour
 */
public record SequenceOptions(int maxBehaviorsPerType, int textLength, int behaviorTokens, int itemTokens,
    ItemEncoding itemEncoding, TypeShares typeShares, HistorySummary historySummary,
    HeadInteractions interactions, UserSequence userSequence, PositionOrigin positionOrigin) {

  public SequenceOptions {
    Objects.requireNonNull(itemEncoding, "itemEncoding");
    Objects.requireNonNull(typeShares, "typeShares");
    Objects.requireNonNull(historySummary, "historySummary");
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(userSequence, "userSequence");
    Objects.requireNonNull(positionOrigin, "positionOrigin");
    if (maxBehaviorsPerType <= 0 || textLength <= 0 || behaviorTokens <= 0 || itemTokens <= 0) {
      throw new IllegalArgumentException("sequence options must be positive: " + maxBehaviorsPerType + ", "
          + textLength + ", " + behaviorTokens + ", " + itemTokens);
    }
  }
}
