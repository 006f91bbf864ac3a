package dev.bahe.core.train;

/**
 * Progress after one optimizer step.
 *
 * @param epoch 1-based epoch
 * @param step 1-based optimizer step over the whole run
 * @param samples training impressions seen in this epoch
 * @param loss mean loss of this step's batch
 * @param runningLoss mean loss over this epoch so far
 * @param samplesPerSecond training throughput of this epoch so far
 * @param backboneLearningRate learning rate applied to backbone parameters at this step
 * @param headLearningRate learning rate applied to the other parameters at this step
 * @param gradientNorm global gradient norm before clipping
 * @param phasesSoFar where the time of all steps of the run so far went
 */
public record StepProgress(
    int epoch,
    long step,
    long samples,
    double loss,
    double runningLoss,
    double samplesPerSecond,
    double backboneLearningRate,
    double headLearningRate,
    double gradientNorm,
    StepPhases phasesSoFar) {}
