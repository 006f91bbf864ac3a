package dev.bahe.examples.experiment;

import java.util.List;
import java.util.Optional;

/**
 * Trains a run for as long as another run trained: as many impressions as the reference run's training time buys
 * at the throughput a third run measured. The demo's "BAHE for LLM-CTR's time" row uses it to show what BAHE's
 * speed buys: it trains BAHE for LLM-CTR's wall-clock training time, at BAHE's measured samples per second.
 *
 * <p>The run reads the whole training split ({@code training.maxTrainSamples=0}: as many distinct impressions as
 * the time buys, before any is seen twice), and the budget becomes a step count ({@code training.maxSteps}) with
 * enough epochs to reach it and no early stopping ({@code training.patience=0}), so the run is deterministic given
 * the two measurements; every epoch is still validated and the best one kept. Time a run spends aligning its upper
 * layers before training ({@code alignment.steps}) counts: the budget is the reference's training plus alignment
 * time, less the alignment the matched run repeats.
 *
 * @param referenceLabel the run whose training time is the budget, e.g. {@code llm-ctr}
 * @param throughputLabel the run whose training samples per second spend it, e.g. {@code bahe}
 */
public record TrainingTimeMatch(String referenceLabel, String throughputLabel) {

  /**
   * The overrides that give the budget, from the results of the runs done so far at {@code textLength}.
   *
   * @param batchSize the effective batch size of the matched run
   * @param trainImpressions the impressions of the training split, to plan enough epochs
   * @throws IllegalStateException naming the run when the reference or the throughput run has no usable result
   */
  List<String> overrides(List<VariantResult> done, int textLength, int batchSize, int trainImpressions) {
    VariantResult reference = find(done, referenceLabel, textLength);
    VariantResult throughput = find(done, throughputLabel, textLength);
    // the matched run aligns its upper layers first, as the throughput run did: that time is spent before any step
    double seconds = Math.max(0, reference.trainSeconds() + reference.alignSeconds() - throughput.alignSeconds());
    double samples = seconds * throughput.trainSamplesPerSecond();
    long steps = Math.max(1, (long) Math.ceil(samples / batchSize));
    long stepsPerEpoch = Math.max(1, (trainImpressions + batchSize - 1) / batchSize);
    long epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
    return List.of("training.maxTrainSamples=0", "training.maxSteps=" + steps, "training.epochs=" + epochs,
        "training.patience=0");
  }

  private static VariantResult find(List<VariantResult> done, String label, int textLength) {
    Optional<VariantResult> r = done.stream()
        .filter(v -> v.variant().equals(label) && v.textLength() == textLength).findFirst();
    if (r.isEmpty() || !r.get().ok() || !(r.get().trainSeconds() > 0) || !(r.get().trainSamplesPerSecond() > 0)) {
      throw new IllegalStateException("a time-matched run needs a finished " + label + " run at T = " + textLength
          + " before it" + r.map(v -> " (it ended: " + v.status() + ")").orElse(""));
    }
    return r.get();
  }
}
