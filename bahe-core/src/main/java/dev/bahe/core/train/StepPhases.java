package dev.bahe.core.train;

/**
 * Where training time went, summed over the optimizer steps of a run, in wall seconds: building the block input
 * (point-in-time selection, store gathers, token states), the forward pass with the loss, the backward pass, and
 * the optimizer (gradient norm, clipping, AdamW, zeroing). PyTorch on a CPU runs each operation synchronously, so
 * the split is exact there. The phases add up to the steps' time; validation and checkpoints are not included.
 */
public record StepPhases(double featuresSeconds, double forwardSeconds, double backwardSeconds,
    double optimizerSeconds) {

  /** No time yet. */
  public static final StepPhases ZERO = new StepPhases(0, 0, 0, 0);

  /** The sum of the four phases. */
  public double totalSeconds() {
    return featuresSeconds + forwardSeconds + backwardSeconds + optimizerSeconds;
  }

  /** This plus the given nanoseconds per phase. */
  StepPhases plusNanos(long features, long forward, long backward, long optimizer) {
    return new StepPhases(featuresSeconds + features / 1e9, forwardSeconds + forward / 1e9,
        backwardSeconds + backward / 1e9, optimizerSeconds + optimizer / 1e9);
  }

  /** The time spent between {@code earlier} and this (both sums over the same run). */
  public StepPhases minus(StepPhases earlier) {
    return new StepPhases(featuresSeconds - earlier.featuresSeconds, forwardSeconds - earlier.forwardSeconds,
        backwardSeconds - earlier.backwardSeconds, optimizerSeconds - earlier.optimizerSeconds);
  }

  /** One line for a log: seconds and share of each phase. */
  public String describe() {
    double total = totalSeconds();
    if (total <= 0) {
      return "no steps timed";
    }
    return String.format(java.util.Locale.ROOT,
        "features %.1f s (%.0f%%), forward %.1f s (%.0f%%), backward %.1f s (%.0f%%), optimizer %.1f s (%.0f%%)",
        featuresSeconds, 100 * featuresSeconds / total, forwardSeconds, 100 * forwardSeconds / total,
        backwardSeconds, 100 * backwardSeconds / total, optimizerSeconds, 100 * optimizerSeconds / total);
  }
}
