package dev.bahe.examples.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The measured outcome of one variant at one text length, as written to {@code results.json} and
 * {@code results.csv}. A variant that could not run (e.g. out of memory) has {@code status} other than
 * {@code "ok"} and NaN metrics.
 *
 * @param variant variant id ({@code llm-ctr}, {@code fp}, {@code abe}, {@code bahe}), or a baseline without text:
 *     {@code stats}, {@code dnn} (the production-style ID model), {@code dnn-id} (ids only), or {@code oracle} (the
 *     synthetic generator's own click probabilities: the Bayes ceiling)
 * @param textLength text budget {@code T} in tokens (0 for a baseline)
 * @param auc test AUC
 * @param logloss test log loss
 * @param gauc test GAUC
 * @param trainSeconds wall seconds of training (ABE encoding excluded; see {@code abeSeconds})
 * @param trainSamplesPerSecond training impressions per second
 * @param peakRssMb peak resident memory of the variant's own JVM (VmHWM)
 * @param aucD test AUC of the production-style ID model ({@code dnn}) with this variant's exported representations
 *     as extra features
 * @param abeSeconds one-off seconds spent encoding atomic behaviours into the store (BAHE only)
 * @param trainSamples impressions trained on
 * @param skippedSteps training steps skipped for a NaN or infinite loss or gradient (no update applied)
 * @param status {@code ok}, or why the run failed
 * @param gaucUsers test users with both classes, the ones GAUC averages over (0 when unknown or none): a GAUC over
 *     a few dozen users is noise
 * @param learning the run's training loss per step and validation metrics per epoch (empty for a run without
 *     epochs)
 * @param recomputedSteps training steps whose first computation had a NaN or infinite loss or gradient and whose
 *     second was finite and applied (see {@code TrainingResult#recomputedSteps})
 * @param alignSeconds seconds of the label-free alignment of BAHE's upper layers before its first training step
 *     ({@code alignment.steps}), not part of {@code trainSeconds}; 0 without one
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VariantResult(
    @JsonProperty("variant") String variant,
    @JsonProperty("text_length") int textLength,
    @JsonProperty("auc") double auc,
    @JsonProperty("logloss") double logloss,
    @JsonProperty("gauc") double gauc,
    @JsonProperty("train_seconds") double trainSeconds,
    @JsonProperty("train_samples_per_second") double trainSamplesPerSecond,
    @JsonProperty("peak_rss_mb") double peakRssMb,
    @JsonProperty("auc_d") double aucD,
    @JsonProperty("abe_seconds") double abeSeconds,
    @JsonProperty("train_samples") long trainSamples,
    @JsonProperty("skipped_steps") int skippedSteps,
    @JsonProperty("status") String status,
    @JsonProperty("gauc_users") int gaucUsers,
    @JsonProperty("learning") LearningCurve learning,
    @JsonProperty("recomputed_steps") int recomputedSteps,
    @JsonProperty("align_seconds") double alignSeconds) {

  @JsonCreator
  public VariantResult {
    learning = learning == null ? LearningCurve.EMPTY : learning;
  }

  /** A result without an alignment of the upper layers before training. */
  public VariantResult(String variant, int textLength, double auc, double logloss, double gauc, double trainSeconds,
      double trainSamplesPerSecond, double peakRssMb, double aucD, double abeSeconds, long trainSamples,
      int skippedSteps, String status, int gaucUsers, LearningCurve learning, int recomputedSteps) {
    this(variant, textLength, auc, logloss, gauc, trainSeconds, trainSamplesPerSecond, peakRssMb, aucD, abeSeconds,
        trainSamples, skippedSteps, status, gaucUsers, learning, recomputedSteps, 0);
  }

  /** A result without steps recomputed after a transient non-finite gradient. */
  public VariantResult(String variant, int textLength, double auc, double logloss, double gauc, double trainSeconds,
      double trainSamplesPerSecond, double peakRssMb, double aucD, double abeSeconds, long trainSamples,
      int skippedSteps, String status, int gaucUsers, LearningCurve learning) {
    this(variant, textLength, auc, logloss, gauc, trainSeconds, trainSamplesPerSecond, peakRssMb, aucD, abeSeconds,
        trainSamples, skippedSteps, status, gaucUsers, learning, 0);
  }

  /** A result without the GAUC user count and learning curve. */
  public VariantResult(String variant, int textLength, double auc, double logloss, double gauc, double trainSeconds,
      double trainSamplesPerSecond, double peakRssMb, double aucD, double abeSeconds, long trainSamples,
      int skippedSteps, String status) {
    this(variant, textLength, auc, logloss, gauc, trainSeconds, trainSamplesPerSecond, peakRssMb, aucD, abeSeconds,
        trainSamples, skippedSteps, status, 0, LearningCurve.EMPTY);
  }

  /** A run that produced no measurement, with the reason. */
  public static VariantResult failed(String variant, int textLength, double peakRssMb, String status) {
    return new VariantResult(variant, textLength, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        peakRssMb, Double.NaN, Double.NaN, 0, 0, status);
  }

  /** This result with {@code abeSeconds} set. */
  public VariantResult withAbeSeconds(double seconds) {
    return new VariantResult(variant, textLength, auc, logloss, gauc, trainSeconds, trainSamplesPerSecond, peakRssMb,
        aucD, seconds, trainSamples, skippedSteps, status, gaucUsers, learning, recomputedSteps, alignSeconds);
  }

  /** This result with the GAUC user count and learning curve set. */
  public VariantResult with(int gaucUsers, LearningCurve learning) {
    return new VariantResult(variant, textLength, auc, logloss, gauc, trainSeconds, trainSamplesPerSecond, peakRssMb,
        aucD, abeSeconds, trainSamples, skippedSteps, status, gaucUsers, learning, recomputedSteps, alignSeconds);
  }

  public boolean ok() {
    return "ok".equals(status);
  }
}
