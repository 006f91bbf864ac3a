package dev.bahe.core.train;

/**
 * Everything a {@link Trainer} needs to continue a run exactly where it stopped: the position (epoch, batches
 * done in it, optimizer step), the parameters and the AdamW moments, the running sums of the epoch, and the
 * early-stopping bookkeeping. The data order and the random stream are not stored: both are functions of the
 * seed and the position (each epoch's shuffle is seeded from the epoch, each step's engine seed from the step),
 * and the learning-rate schedule is a function of the step. Written by {@link TrainingStateFile}.
 *
 * @param fingerprint identifies the run (configuration, training-set size, planned steps); a state is only
 *     resumed by the run that wrote it
 * @param epoch 1-based epoch the run is in
 * @param batchesDone batches of {@code epoch} already taken (0 at its start)
 * @param step optimizer steps taken so far (skipped non-finite steps included)
 * @param skippedSteps non-finite steps skipped so far
 * @param epochLossSum sum of batch loss times batch size over the applied steps of {@code epoch}
 * @param epochSamples impressions of the applied steps of {@code epoch}
 * @param trainSeconds training wall time of the epochs finished before {@code epoch}
 * @param samplesSeen training impressions of the epochs finished before {@code epoch}
 * @param bestEpoch best epoch so far (0 when none)
 * @param bestAuc its validation AUC (negative infinity when none)
 * @param epochsWithoutImprovement epochs since the best one
 * @param lastEpochLoss mean loss of the last finished epoch (NaN when none)
 * @param lastEpochIsBest whether the last finished epoch was the best
 * @param parameters the model's parameters ({@link Checkpoints#saveParameters})
 * @param bestParameters the best epoch's parameters, or null when none are kept
 * @param optimizer the AdamW state ({@link AdamW#saveState})
 */
record TrainingState(
    String fingerprint,
    int epoch,
    int batchesDone,
    long step,
    int skippedSteps,
    double epochLossSum,
    long epochSamples,
    double trainSeconds,
    long samplesSeen,
    int bestEpoch,
    double bestAuc,
    int epochsWithoutImprovement,
    double lastEpochLoss,
    boolean lastEpochIsBest,
    byte[] parameters,
    byte[] bestParameters,
    byte[] optimizer) {}
