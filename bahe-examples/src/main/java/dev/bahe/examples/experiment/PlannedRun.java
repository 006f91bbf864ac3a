package dev.bahe.examples.experiment;

import java.util.List;

/**
 * One run of an experiment: a label for tables and charts, the text length, and the configuration overrides
 * ({@code key=value}) that make it differ from the base configuration.
 *
 * @param label the row name, e.g. {@code "bahe"} or {@code "bahe-eos"}; {@code "dnn"} is the ID-only baseline
 * @param textLength text budget {@code T} (0 for the ID-only baseline)
 * @param overrides configuration overrides applied over the base configuration
 */
public record PlannedRun(String label, int textLength, List<String> overrides) {

  public PlannedRun {
    overrides = List.copyOf(overrides);
  }

  /** The ID-only DNN baseline, which reads no text. */
  public static PlannedRun idOnlyDnn() {
    return new PlannedRun("dnn", 0, List.of());
  }

  public boolean isIdOnlyDnn() {
    return label.equals("dnn");
  }

  /** A file-name-safe identifier. */
  public String id() {
    return label + (textLength > 0 ? "-T" + textLength : "");
  }
}
