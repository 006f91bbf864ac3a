package dev.bahe.core.model;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.core.config.SequenceOptions;
import java.util.List;

/**
 * Checks that a text budget {@code T} reaches some history: that for at least one impression {@code T} (and not
 * {@code M} or the end of the user's history) is what cuts the selected behaviours. A {@code T} beyond every
 * history would train a model identical to a shorter one, so a length sweep would report a point that measures
 * nothing; it is refused with a message that says what to change.
 */
public final class TextLengthReach {

  private TextLengthReach() {}

  /**
   * Measures how far the budget reaches ({@link #measure}) and refuses a budget that cuts no history.
   *
   * @return the reach, for the caller to report
   * @throws IllegalArgumentException when no impression of {@code impressions} has its selection cut by the budget
   */
  public static HistoryReach require(Dataset dataset, List<Impression> impressions, SequenceOptions sequence,
      TextTokenizer tokenizer) {
    BehaviorSelector selector = new BehaviorSelector(dataset.types(), sequence, tokenizer);
    HistoryReach reach = measure(dataset, impressions, selector);
    if (impressions.isEmpty() || reach.cutByBudget() > 0) {
      return reach;
    }
    throw new IllegalArgumentException("sequence.textLength = " + sequence.textLength() + " reaches no history: "
        + "every one of the " + impressions.size() + " impressions checked keeps all of its at most "
        + "sequence.maxBehaviorsPerType = " + sequence.maxBehaviorsPerType() + " most recent behaviours per type "
        + "within " + reach.longestTokens() + " tokens (" + selector.budgetPerType() + " per type allowed), so a"
        + " longer T adds nothing; raise sequence.maxBehaviorsPerType or lower sequence.textLength");
  }

  /** How far the budget of {@code sequence} reaches into the histories of {@code impressions}. */
  public static HistoryReach measure(Dataset dataset, List<Impression> impressions, SequenceOptions sequence,
      TextTokenizer tokenizer) {
    return measure(dataset, impressions, new BehaviorSelector(dataset.types(), sequence, tokenizer));
  }

  private static HistoryReach measure(Dataset dataset, List<Impression> impressions, BehaviorSelector selector) {
    int cut = 0;
    long kept = 0;
    long before = 0;
    long tokens = 0;
    long longest = 0;
    for (Impression imp : impressions) {
      var history = dataset.history(imp.userId());
      SelectedBehaviors selected = selector.select(history, imp.timestamp());
      if (selector.budgetLimits(history, imp.timestamp(), selected)) {
        cut++;
      }
      kept += selected.size();
      for (var type : dataset.types()) {
        before += history.countBefore(type, imp.timestamp());
      }
      long sampleTokens = 0;
      for (List<AtomicText> seq : selected.texts()) {
        for (AtomicText t : seq) {
          sampleTokens += t.tokens();
        }
      }
      tokens += sampleTokens;
      longest = Math.max(longest, sampleTokens);
    }
    return new HistoryReach(impressions.size(), cut, kept, before, tokens, longest);
  }
}
