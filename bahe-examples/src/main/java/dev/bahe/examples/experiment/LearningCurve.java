package dev.bahe.examples.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How a run learned, as recorded during its training: the loss of every applied optimizer step and the validation
 * metrics after every epoch. Written into {@code results.json} with the run's result and drawn as
 * {@code learning.png}. A baseline fitted without epochs ({@code stats}, {@code oracle}) has an empty curve.
 *
 * @param steps one point per applied optimizer step, in training order
 * @param epochs one point per finished epoch, in training order
 */
public record LearningCurve(
    @JsonProperty("steps") List<StepPoint> steps,
    @JsonProperty("epochs") List<EpochPoint> epochs) {

  /** A curve with no points. */
  public static final LearningCurve EMPTY = new LearningCurve(List.of(), List.of());

  public LearningCurve {
    steps = steps == null ? List.of() : List.copyOf(steps);
    epochs = epochs == null ? List.of() : List.copyOf(epochs);
  }

  /** Whether nothing was recorded. */
  @JsonIgnore
  public boolean isEmpty() {
    return steps.isEmpty() && epochs.isEmpty();
  }

  /**
   * The training loss of one optimizer step.
   *
   * @param step 1-based optimizer step over the whole run
   * @param epoch 1-based epoch the step belongs to
   * @param loss mean loss of the step's batch
   */
  public record StepPoint(@JsonProperty("step") long step, @JsonProperty("epoch") int epoch,
      @JsonProperty("loss") double loss) {}

  /**
   * The end of one epoch.
   *
   * @param epoch 1-based epoch
   * @param step optimizer steps taken by its end
   * @param trainLoss mean training loss of the epoch
   * @param validAuc validation AUC after the epoch (NaN without a validation split)
   * @param validLogLoss validation log loss after the epoch (NaN without a validation split)
   */
  public record EpochPoint(@JsonProperty("epoch") int epoch, @JsonProperty("step") long step,
      @JsonProperty("train_loss") double trainLoss, @JsonProperty("valid_auc") double validAuc,
      @JsonProperty("valid_logloss") double validLogLoss) {}
}
