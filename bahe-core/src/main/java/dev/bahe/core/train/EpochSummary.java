package dev.bahe.core.train;

/**
 * The end of one training epoch.
 *
 * @param epoch 1-based epoch
 * @param steps optimizer steps so far (whole run)
 * @param trainLoss mean training loss of the epoch
 * @param trainSeconds training wall time of the epoch, validation excluded
 * @param samplesPerSecond training throughput of the epoch
 * @param validAuc validation AUC, NaN when there is no validation split
 * @param validLogLoss validation log loss, NaN when there is no validation split
 * @param improved whether this epoch is the best so far (and was checkpointed)
 */
public record EpochSummary(
    int epoch,
    long steps,
    double trainLoss,
    double trainSeconds,
    double samplesPerSecond,
    double validAuc,
    double validLogLoss,
    boolean improved) {}
