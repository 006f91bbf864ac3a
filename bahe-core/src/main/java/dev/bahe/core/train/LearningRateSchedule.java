package dev.bahe.core.train;

/**
 * Linear warm-up then linear decay: the factor applied to a peak learning rate at optimizer step {@code s}
 * ({@code 1 ≤ s ≤ totalSteps}) is {@code s / warmup} for {@code s ≤ warmup}, and
 * {@code (totalSteps - s + 1) / (totalSteps - warmup)} after, so the first step after warm-up runs at the
 * peak and the last one at {@code 1 / (totalSteps - warmup)} of it — no step is wasted at zero. Immutable.
 */
public final class LearningRateSchedule {

  private final int warmupSteps;
  private final long totalSteps;

  /**
   * @param warmupSteps warm-up length, {@code >= 0}; clipped to {@code totalSteps}
   * @param totalSteps planned optimizer steps, {@code > 0}
   */
  public LearningRateSchedule(int warmupSteps, long totalSteps) {
    if (warmupSteps < 0 || totalSteps <= 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0 and totalSteps > 0, were " + warmupSteps
          + " and " + totalSteps);
    }
    this.warmupSteps = (int) Math.min(warmupSteps, totalSteps);
    this.totalSteps = totalSteps;
  }

  /** The factor in {@code (0, 1]} at 1-based step {@code step}; steps beyond the plan keep the last factor. */
  public double factor(long step) {
    if (step < 1) {
      throw new IllegalArgumentException("steps are 1-based, was " + step);
    }
    long s = Math.min(step, totalSteps);
    if (s <= warmupSteps) {
      return (double) s / warmupSteps;
    }
    return (double) (totalSteps - s + 1) / (totalSteps - warmupSteps);
  }

  public long totalSteps() {
    return totalSteps;
  }
}
