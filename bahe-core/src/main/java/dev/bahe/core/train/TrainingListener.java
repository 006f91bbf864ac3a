package dev.bahe.core.train;

/** Receives training progress on the trainer's thread. Both methods default to doing nothing. */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** After every optimizer step. */
  default void onStep(StepProgress progress) {}

  /** After every epoch, validation included. */
  default void onEpoch(EpochSummary summary) {}
}
