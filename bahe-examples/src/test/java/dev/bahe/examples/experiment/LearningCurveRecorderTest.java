package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.core.train.EpochSummary;
import dev.bahe.core.train.StepPhases;
import dev.bahe.core.train.StepProgress;
import dev.bahe.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder keeps every step's loss and every epoch's validation metrics, and passes each event on. */
class LearningCurveRecorderTest {

  private static StepProgress step(int epoch, long step, double loss) {
    return new StepProgress(epoch, step, 32 * step, loss, loss, 10, 1e-5, 1e-3, 0.5, StepPhases.ZERO);
  }

  @Test
  void recordsStepsAndEpochsInOrderAndForwardsThem() {
    List<String> forwarded = new ArrayList<>();
    LearningCurveRecorder recorder = new LearningCurveRecorder(new TrainingListener() {
      @Override
      public void onStep(StepProgress p) {
        forwarded.add("step " + p.step());
      }

      @Override
      public void onEpoch(EpochSummary e) {
        forwarded.add("epoch " + e.epoch());
      }
    });

    recorder.onStep(step(1, 1, 0.71));
    recorder.onStep(step(1, 2, 0.69));
    recorder.onEpoch(new EpochSummary(1, 2, 0.70, 3.0, 21.3, 0.61, 0.66, true));
    recorder.onStep(step(2, 3, 0.65));
    recorder.onEpoch(new EpochSummary(2, 3, 0.65, 1.5, 21.3, Double.NaN, Double.NaN, false));

    LearningCurve curve = recorder.curve();
    assertThat(curve.steps()).containsExactly(new LearningCurve.StepPoint(1, 1, 0.71),
        new LearningCurve.StepPoint(2, 1, 0.69), new LearningCurve.StepPoint(3, 2, 0.65));
    assertThat(curve.epochs()).containsExactly(new LearningCurve.EpochPoint(1, 2, 0.70, 0.61, 0.66),
        new LearningCurve.EpochPoint(2, 3, 0.65, Double.NaN, Double.NaN));
    assertThat(forwarded).containsExactly("step 1", "step 2", "epoch 1", "step 3", "epoch 2");
    assertThat(curve.isEmpty()).isFalse();
    assertThat(new LearningCurveRecorder().curve().isEmpty()).isTrue();
  }

  @Test
  void theCurveIsASnapshotNotALiveView() {
    LearningCurveRecorder recorder = new LearningCurveRecorder();
    recorder.onStep(step(1, 1, 0.7));
    LearningCurve before = recorder.curve();
    recorder.onStep(step(1, 2, 0.6));

    assertThat(before.steps()).hasSize(1);
    assertThat(recorder.curve().steps()).hasSize(2);
  }
}
