package dev.bahe.core.config;

/**
 * Optimisation settings shared by every variant.
 *
 * @param batchSize effective batch size (impressions per optimizer step)
 * @param microBatchSize impressions per forward/backward pass; gradients accumulate over
 *     {@code batchSize / microBatchSize} micro-batches (0 means equal to batchSize)
 * @param epochs maximum number of passes over the training split
 * @param backboneLearningRate AdamW learning rate of the trainable transformer layers
 * @param headLearningRate AdamW learning rate of reducer, head and other new parameters
 * @param weightDecay decoupled AdamW weight decay
 * @param warmupSteps linear warm-up steps, followed by linear decay to zero at the last step
 * @param clipGradNorm global gradient-norm clipping threshold (0 disables)
 * @param patience early stopping: epochs without validation-AUC improvement before stopping
 * @param seed seed of every random choice (initialisation, shuffling, dropout)
 * @param maxTrainSamples cap on training impressions used (0 = all), for throughput measurements
 * @param maxSteps cap on optimizer steps (0 = no cap)
 * @param maxSkippedSteps steps whose loss or gradient norm is NaN or infinite are skipped (no update, gradients
 *     cleared, counted and logged) up to this many times in a run; one more stops training with an error. A
 *     diverging model fails within a few steps; a rare one-step glitch does not end a long run (0 = the first
 *     non-finite step stops training)
 */
public record TrainingOptions(
    int batchSize,
    int microBatchSize,
    int epochs,
    double backboneLearningRate,
    double headLearningRate,
    double weightDecay,
    int warmupSteps,
    double clipGradNorm,
    int patience,
    long seed,
    int maxTrainSamples,
    int maxSteps,
    int maxSkippedSteps) {

  public TrainingOptions {
    if (batchSize <= 0 || epochs <= 0) {
      throw new IllegalArgumentException("training.batchSize and training.epochs must be positive");
    }
    if (microBatchSize < 0 || (microBatchSize > 0 && batchSize % microBatchSize != 0)) {
      throw new IllegalArgumentException(
          "training.microBatchSize must divide training.batchSize, was " + microBatchSize + " for " + batchSize);
    }
    if (maxSkippedSteps < 0) {
      throw new IllegalArgumentException("training.maxSkippedSteps must be >= 0, was " + maxSkippedSteps);
    }
  }

  /** The micro-batch size actually used. */
  public int effectiveMicroBatchSize() {
    return microBatchSize == 0 ? batchSize : microBatchSize;
  }
}
