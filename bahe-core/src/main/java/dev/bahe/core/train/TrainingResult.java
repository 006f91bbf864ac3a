package dev.bahe.core.train;

/**
 * What a {@link Trainer#fit} run did. After {@code fit} returns, the model holds the parameters of
 * {@code bestEpoch}.
 *
 * @param epochsRun epochs started (the last may be partial when {@code maxSteps} was reached)
 * @param steps optimizer steps taken
 * @param bestEpoch 1-based epoch whose parameters the model now holds
 * @param bestValidAuc validation AUC of {@code bestEpoch}; NaN without a validation split
 * @param finalTrainLoss mean training loss of the last epoch
 * @param trainSeconds training wall time, validation and checkpoints excluded
 * @param trainSamplesPerSecond training impressions per second over the whole run
 * @param stoppedEarly whether early stopping on validation AUC ended the run
 * @param skippedSteps steps not applied because their loss or gradient norm was NaN or infinite (see
 *     {@code TrainingOptions#maxSkippedSteps}); they count in {@code steps} but not in the loss or throughput
 * @param phases where the steps' time went (features, forward, backward, optimizer)
 * @param resumedFromStep the step a resumed run continued from (its saved training state); 0 for a run from
 *     the start. {@code trainSeconds}, throughput and {@code phases} then cover only what this run did
 * @param recomputedSteps steps whose first computation had a non-finite loss or gradient norm and whose second
 *     computation (same parameters, batch and step seed) was finite and applied; counted by this run only
 * @param alignmentSeconds wall time of the alignment of the upper layers before the first step ({@code
 *     alignment.steps}, BAHE), not part of {@code trainSeconds}; 0 without one or when resumed (the aligned
 *     parameters come from the training state)
 */
public record TrainingResult(
    int epochsRun,
    long steps,
    int bestEpoch,
    double bestValidAuc,
    double finalTrainLoss,
    double trainSeconds,
    double trainSamplesPerSecond,
    boolean stoppedEarly,
    int skippedSteps,
    StepPhases phases,
    long resumedFromStep,
    int recomputedSteps,
    double alignmentSeconds) {}
