package dev.bahe.examples.experiment;

import dev.bahe.core.eval.Evaluation;

/**
 * What a baseline run measured: its test evaluation and what fitting it cost.
 *
 * @param model the model's name ({@code stats}, {@code dnn-id}, {@code dnn}, {@code oracle})
 * @param test the evaluation on the (possibly subsampled) test split
 * @param trainSeconds wall seconds spent fitting (training epochs for the DNNs, the exact fit with its group
 *     selection for {@code stats})
 * @param trainImpressions training impressions it was fitted on
 * @param learning its training loss per step and validation metrics per epoch (empty when fitted without epochs)
 */
public record BaselineResult(String model, Evaluation test, double trainSeconds, long trainImpressions,
    LearningCurve learning) {

  /** A baseline fitted without epochs. */
  public BaselineResult(String model, Evaluation test, double trainSeconds, long trainImpressions) {
    this(model, test, trainSeconds, trainImpressions, LearningCurve.EMPTY);
  }
}
