package dev.bahe.examples.experiment;

import java.util.ArrayList;
import java.util.List;

/** The paper's experiments as lists of {@link PlannedRun}s over one base configuration. */
public final class ExperimentPlans {

  /** The ablation ladder in table order. */
  public static final List<String> LADDER = List.of("llm-ctr", "fp", "abe", "bahe");

  /** The pooling functions compared by the pooling experiment. */
  public static final List<String> POOLINGS = List.of("mean", "eos", "cls", "max");

  private ExperimentPlans() {}

  /**
   * The ablation: the ID-only DNN once, then each variant at each text length (lengths outermost, so a run
   * cut short still has complete tables for the shorter lengths).
   */
  public static List<PlannedRun> ablation(List<String> variants, List<Integer> textLengths, boolean idOnlyDnn) {
    List<PlannedRun> runs = new ArrayList<>();
    if (idOnlyDnn) {
      runs.add(PlannedRun.idOnlyDnn());
    }
    for (int length : textLengths) {
      for (String variant : variants) {
        runs.add(new PlannedRun(variant, length, List.of("variant=" + variant)));
      }
    }
    return runs;
  }

  /** AUC and cost as the history grows: the given variants over increasing text lengths. */
  public static List<PlannedRun> lengthSweep(List<String> variants, List<Integer> textLengths) {
    return ablation(variants, textLengths, false);
  }

  /**
   * BAHE with each pooling function used both to build the store vectors ({@code encoder.pooling}) and over the
   * upper layers' outputs ({@code pooling}); each pooling gets its own store.
   */
  public static List<PlannedRun> pooling(List<String> poolings, int textLength) {
    List<PlannedRun> runs = new ArrayList<>();
    for (String pooling : poolings) {
      runs.add(new PlannedRun("bahe-" + pooling, textLength,
          List.of("variant=bahe", "encoder.pooling=" + pooling, "pooling=" + pooling)));
    }
    return runs;
  }
}
