package dev.bahe.examples.experiment;

import java.util.List;
import java.util.Optional;

/**
 * One run of an experiment: a label for tables and charts, the text length, and the configuration overrides
 * ({@code key=value}) that make it differ from the base configuration.
 *
 * @param label the row name, e.g. {@code "bahe"} or {@code "bahe-eos"}; {@link #BASELINES} name the baselines
 *     without text
 * @param textLength text budget {@code T} (0 for a baseline)
 * @param overrides configuration overrides applied over the base configuration
 * @param timeMatch when present, the run trains for as long as an earlier run did ({@link TrainingTimeMatch})
 */
public record PlannedRun(String label, int textLength, List<String> overrides, Optional<TrainingTimeMatch> timeMatch) {

  /**
   * The synthetic generator's own click probabilities scored as a model: the Bayes ceiling no model can beat on
   * average. Planned only on synthetic data.
   */
  public static final String ORACLE = "oracle";
  /** The logistic regression on point-in-time counters: the floor every text model must clear. */
  public static final String STATS = "stats";
  /** The ID-only DNN: user and item ids. */
  public static final String DNN_ID = "dnn-id";
  /** The production-style ID model: ids, the history as hashed behaviour ids and the counters; AUC_d's base. */
  public static final String DNN = "dnn";
  /** The baselines without text, in table order: the ceiling first, then the floor and the ID models. */
  public static final List<String> BASELINES = List.of(ORACLE, STATS, DNN_ID, DNN);

  public PlannedRun {
    overrides = List.copyOf(overrides);
    java.util.Objects.requireNonNull(timeMatch, "timeMatch");
  }

  /** A run with its own training budget. */
  public PlannedRun(String label, int textLength, List<String> overrides) {
    this(label, textLength, overrides, Optional.empty());
  }

  /** A run that trains for {@code match}'s budget, computed when the runs before it have finished. */
  public static PlannedRun timeMatched(String label, int textLength, List<String> overrides,
      TrainingTimeMatch match) {
    return new PlannedRun(label, textLength, overrides, Optional.of(match));
  }

  /** The baseline named {@code label} (one of {@link #BASELINES}); it reads no text. */
  public static PlannedRun baseline(String label) {
    if (!BASELINES.contains(label)) {
      throw new IllegalArgumentException("unknown baseline '" + label + "'; baselines: " + String.join(", ",
          BASELINES));
    }
    return new PlannedRun(label, 0, List.of());
  }

  /** The {@code oracle} baseline (synthetic data only). */
  public static PlannedRun oracle() {
    return baseline(ORACLE);
  }

  /** The {@code stats} baseline. */
  public static PlannedRun stats() {
    return baseline(STATS);
  }

  /** The ID-only DNN baseline ({@code dnn-id}). */
  public static PlannedRun idOnlyDnn() {
    return baseline(DNN_ID);
  }

  /** The production-style ID model ({@code dnn}). */
  public static PlannedRun productionDnn() {
    return baseline(DNN);
  }

  /** Whether this is a baseline without text, run by its own worker mode (its label) instead of training a variant. */
  public boolean isBaseline() {
    return textLength == 0 && BASELINES.contains(label);
  }

  /** A file-name-safe identifier. */
  public String id() {
    return label + (textLength > 0 ? "-T" + textLength : "");
  }
}
