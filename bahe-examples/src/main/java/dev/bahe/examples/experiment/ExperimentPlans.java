package dev.bahe.examples.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's experiments as lists of {@link PlannedRun}s over one base configuration. Every plan starts with the
 * baselines it is given ({@link PlannedRun#BASELINES}, each once and in table order), so every table shows the
 * floor ({@code stats}) and the production-style ID model ({@code dnn}) next to the text models.
 */
public final class ExperimentPlans {

  /** The ablation ladder in table order. */
  public static final List<String> LADDER = List.of("llm-ctr", "fp", "abe", "bahe");

  /** The pooling functions compared by the pooling experiment. */
  public static final List<String> POOLINGS = List.of("mean", "eos", "cls", "max");

  private ExperimentPlans() {}

  /**
   * The baselines to plan: those named in {@code variants} when it names any (so {@code --variants stats,dnn} runs
   * just those), else all of them except {@code stats} when {@code noStats} and the two DNNs when {@code noDnn}.
   * Returned in table order. The {@code oracle} is not among the defaults, since it depends on the data source:
   * {@link #withOracle} adds it on synthetic data.
   */
  public static List<String> baselines(List<String> variants, boolean noStats, boolean noDnn) {
    List<String> named = PlannedRun.BASELINES.stream().filter(variants::contains).toList();
    if (!named.isEmpty()) {
      return named;
    }
    List<String> out = new ArrayList<>();
    for (String b : PlannedRun.BASELINES) {
      if (b.equals(PlannedRun.ORACLE)) {
        continue;
      }
      boolean isDnn = !b.equals(PlannedRun.STATS);
      if (!(isDnn ? noDnn : noStats)) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * {@code runs} with the {@code oracle} baseline first when the data is synthetic (and it is not planned yet), so
   * every table on generated data shows the Bayes ceiling beside the models; on any other data the oracle cannot be
   * computed, and planning it is an error.
   *
   * @param dataSource the configured {@code data.source}
   * @throws IllegalArgumentException when {@code runs} plans the oracle and the data is not synthetic
   */
  public static List<PlannedRun> withOracle(List<PlannedRun> runs, String dataSource) {
    boolean synthetic = "synthetic".equalsIgnoreCase(dataSource);
    boolean planned = runs.stream().anyMatch(r -> r.isBaseline() && r.label().equals(PlannedRun.ORACLE));
    if (!synthetic) {
      if (planned) {
        throw new IllegalArgumentException("the oracle baseline needs the generator's click probabilities, so it"
            + " runs only with data.source=synthetic (this data.source is '" + dataSource + "')");
      }
      return runs;
    }
    if (planned) {
      return runs;
    }
    List<PlannedRun> out = new ArrayList<>();
    out.add(PlannedRun.oracle());
    out.addAll(runs);
    return out;
  }

  /** The text variants of {@code variants}: every name that is not a baseline, in the given order. */
  public static List<String> textVariants(List<String> variants) {
    return variants.stream().filter(v -> !PlannedRun.BASELINES.contains(v)).toList();
  }

  /**
   * The ablation: the baselines once, then each text variant at each text length (lengths outermost, so a run cut
   * short still has complete tables for the shorter lengths).
   */
  public static List<PlannedRun> ablation(List<String> variants, List<Integer> textLengths, List<String> baselines) {
    List<PlannedRun> runs = baselineRuns(baselines);
    for (int length : textLengths) {
      for (String variant : variants) {
        runs.add(new PlannedRun(variant, length, List.of("variant=" + variant)));
      }
    }
    return runs;
  }

  /** AUC and cost as the history grows: the baselines once, then the variants over increasing text lengths. */
  public static List<PlannedRun> lengthSweep(List<String> variants, List<Integer> textLengths,
      List<String> baselines) {
    return ablation(variants, textLengths, baselines);
  }

  /**
   * The baselines once, then BAHE with each pooling function used both to build the store vectors
   * ({@code encoder.pooling}) and over the upper layers' outputs ({@code pooling}); each pooling gets its own
   * store.
   */
  public static List<PlannedRun> pooling(List<String> poolings, int textLength, List<String> baselines) {
    List<PlannedRun> runs = baselineRuns(baselines);
    for (String pooling : poolings) {
      runs.add(new PlannedRun("bahe-" + pooling, textLength,
          List.of("variant=bahe", "encoder.pooling=" + pooling, "pooling=" + pooling)));
    }
    return runs;
  }

  private static List<PlannedRun> baselineRuns(List<String> baselines) {
    List<PlannedRun> runs = new ArrayList<>();
    for (String b : PlannedRun.BASELINES) {
      if (baselines.contains(b)) {
        runs.add(PlannedRun.baseline(b));
      }
    }
    for (String b : baselines) {
      PlannedRun.baseline(b); // an unknown name is an error naming the baselines
    }
    return runs;
  }
}
