package dev.bahe.examples.experiment;

import dev.bahe.core.train.EpochSummary;
import dev.bahe.core.train.StepProgress;
import dev.bahe.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TrainingListener} that records a {@link LearningCurve}: every step's loss and every epoch's validation
 * metrics, on the trainer's thread. Optionally passes every event on to another listener (a progress bar, say).
 */
public final class LearningCurveRecorder implements TrainingListener {

  private final TrainingListener next;
  private final List<LearningCurve.StepPoint> steps = new ArrayList<>();
  private final List<LearningCurve.EpochPoint> epochs = new ArrayList<>();

  /** A recorder that passes nothing on. */
  public LearningCurveRecorder() {
    this(TrainingListener.NONE);
  }

  /** A recorder that also passes every event on to {@code next}. */
  public LearningCurveRecorder(TrainingListener next) {
    this.next = next == null ? TrainingListener.NONE : next;
  }

  @Override
  public void onStep(StepProgress progress) {
    steps.add(new LearningCurve.StepPoint(progress.step(), progress.epoch(), progress.loss()));
    next.onStep(progress);
  }

  @Override
  public void onEpoch(EpochSummary summary) {
    epochs.add(new LearningCurve.EpochPoint(summary.epoch(), summary.steps(), summary.trainLoss(),
        summary.validAuc(), summary.validLogLoss()));
    next.onEpoch(summary);
  }

  /** What has been recorded so far. */
  public LearningCurve curve() {
    return new LearningCurve(steps, epochs);
  }
}
