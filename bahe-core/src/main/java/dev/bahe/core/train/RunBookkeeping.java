package dev.bahe.core.train;

/**
 * The counters and early-stopping record of one training run, the part of a {@link TrainingState} that is not the
 * position inside an epoch: optimizer steps and skipped steps so far, time and impressions of the finished epochs,
 * the best epoch with its validation AUC and parameters, and the epochs since. A fresh run starts from
 * {@link #fresh()}, a resumed one from {@link #resumed(TrainingState)}; {@link #state} writes it back. Mutable,
 * owned by one {@link Trainer#fit} call.
 */
final class RunBookkeeping {

  long step;
  int skipped;
  double trainSeconds;
  long samplesSeen;
  int bestEpoch;
  double bestAuc = Double.NEGATIVE_INFINITY;
  byte[] bestParams;
  int epochsWithoutImprovement;
  double lastEpochLoss = Double.NaN;
  boolean lastEpochIsBest;

  private RunBookkeeping() {}

  /** The record of a run that has not taken a step. */
  static RunBookkeeping fresh() {
    return new RunBookkeeping();
  }

  /** The record saved in {@code s}. */
  static RunBookkeeping resumed(TrainingState s) {
    RunBookkeeping r = new RunBookkeeping();
    r.step = s.step();
    r.skipped = s.skippedSteps();
    r.trainSeconds = s.trainSeconds();
    r.samplesSeen = s.samplesSeen();
    r.bestEpoch = s.bestEpoch();
    r.bestAuc = s.bestAuc();
    r.bestParams = s.bestParameters();
    r.epochsWithoutImprovement = s.epochsWithoutImprovement();
    r.lastEpochLoss = s.lastEpochLoss();
    r.lastEpochIsBest = s.lastEpochIsBest();
    return r;
  }

  /**
   * Records a finished, validated epoch: whether it improved on the best validation AUC (every epoch does without
   * a validation split, {@code validated} false), and the epochs since the best. The caller keeps the best
   * parameters ({@link #bestParams}) when this returns true.
   */
  boolean epochEnded(int epoch, double meanLoss, double auc, boolean validated) {
    lastEpochLoss = meanLoss;
    boolean improved = !validated || (!Double.isNaN(auc) && auc > bestAuc);
    if (improved) {
      bestAuc = validated ? auc : Double.NaN;
      bestEpoch = epoch;
      epochsWithoutImprovement = 0;
    } else {
      epochsWithoutImprovement++;
    }
    lastEpochIsBest = improved;
    return improved;
  }

  /**
   * The resumable state at this record, positioned after {@code batchesDone} batches of {@code epoch} whose applied
   * steps summed {@code epochLossSum} over {@code epochSamples} impressions.
   */
  TrainingState state(String fingerprint, int epoch, int batchesDone, double epochLossSum, long epochSamples,
      byte[] parameters, byte[] optimizer) {
    return new TrainingState(fingerprint, epoch, batchesDone, step, skipped, epochLossSum, epochSamples,
        trainSeconds, samplesSeen, bestEpoch, bestAuc, epochsWithoutImprovement, lastEpochLoss, lastEpochIsBest,
        parameters, bestParams, optimizer);
  }
}
