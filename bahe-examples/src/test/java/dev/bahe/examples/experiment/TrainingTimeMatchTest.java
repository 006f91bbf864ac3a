package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingTimeMatchTest {

  private static VariantResult trained(String variant, int t, double seconds, double samplesPerSecond) {
    return new VariantResult(variant, t, 0.7, 0.6, 0.6, seconds, samplesPerSecond, 1000, Double.NaN, Double.NaN,
        (long) (seconds * samplesPerSecond), 0, "ok");
  }

  private static final TrainingTimeMatch MATCH = new TrainingTimeMatch("llm-ctr", "bahe");

  @Test
  void theBudgetIsTheReferencesTrainingTimeAtTheThroughputRunsRate() {
    List<VariantResult> done = List.of(trained("bahe", 256, 20, 50), trained("llm-ctr", 256, 300, 3.4),
        trained("bahe", 128, 10, 90));
    // 300 s × 50 samples/s = 15,000 samples = 469 steps of 32 (468.75 rounded up); 160 steps per epoch of 5,092
    assertThat(MATCH.overrides(done, 256, 32, 5092))
        .containsExactly("training.maxTrainSamples=0", "training.maxSteps=469", "training.epochs=3",
            "training.patience=0");
  }

  @Test
  void theMatchedRunsOwnAlignmentIsPaidOutOfTheBudget() {
    VariantResult aligned = new VariantResult("bahe", 256, 0.7, 0.6, 0.6, 20, 50, 1000, Double.NaN, Double.NaN,
        1000, 0, "ok", 0, LearningCurve.EMPTY, 0, 60);
    // (300 s − 60 s of alignment the matched BAHE repeats) × 50 samples/s = 12,000 samples = 375 steps of 32
    assertThat(MATCH.overrides(List.of(aligned, trained("llm-ctr", 256, 300, 3.4)), 256, 32, 5092))
        .contains("training.maxSteps=375", "training.epochs=3");
  }

  @Test
  void aMissingOrFailedReferenceIsAClearError() {
    assertThatThrownBy(() -> MATCH.overrides(List.of(trained("bahe", 256, 20, 50)), 256, 32, 5092))
        .hasMessageContaining("needs a finished llm-ctr run at T = 256");
    List<VariantResult> failed = List.of(trained("bahe", 256, 20, 50),
        VariantResult.failed("llm-ctr", 256, 9000, "timed out after 60 min"));
    assertThatThrownBy(() -> MATCH.overrides(failed, 256, 32, 5092))
        .hasMessageContaining("llm-ctr").hasMessageContaining("timed out after 60 min");
    // the reference at another text length does not count
    assertThatThrownBy(() -> MATCH.overrides(List.of(trained("bahe", 256, 20, 50), trained("llm-ctr", 512, 9, 1)),
        256, 32, 5092)).hasMessageContaining("llm-ctr run at T = 256");
  }
}
