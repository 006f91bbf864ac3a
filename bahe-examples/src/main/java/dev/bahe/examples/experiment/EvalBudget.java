package dev.bahe.examples.experiment;

/**
 * How many impressions an experiment run validates and tests on: evenly spaced subsets of the validation and test
 * splits, so that long-text variants can be measured on a CPU budget. Early stopping needs only a modest
 * validation set, while an AUC difference of 0.005 needs the whole test split, hence two separate caps.
 *
 * @param validSamples at most this many validation impressions (0 = all)
 * @param testSamples at most this many test impressions (0 = all)
 */
public record EvalBudget(int validSamples, int testSamples) {

  public EvalBudget {
    if (validSamples < 0 || testSamples < 0) {
      throw new IllegalArgumentException("evaluation caps must be >= 0 (0 = all), got valid " + validSamples
          + ", test " + testSamples);
    }
  }

  /** The same cap for validation and test. */
  public static EvalBudget both(int samples) {
    return new EvalBudget(samples, samples);
  }
}
