package dev.bahe.examples.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The three lines {@code report.md} opens with, so that a reader knows the outcome before the tables: who won on
 * test AUC and by how much over the runner-up; where the best text model stands between the best baseline without
 * text and the oracle (the Bayes ceiling, on synthetic data), as the share of the ceiling's lift over chance it
 * reached; and what it cost against LLM-CTR at the same text length. A run that is the mean of several training
 * seeds ({@link SeedReplicates}) is named as such.
 */
final class Verdict {

  private final List<SeedReplicates> replicates;

  private Verdict(List<SeedReplicates> replicates) {
    this.replicates = List.copyOf(replicates);
  }

  /** The verdict lines (Markdown) of runs of one seed each, empty when no run has an AUC. */
  static List<String> lines(List<VariantResult> results) {
    return lines(results, List.of());
  }

  /** The verdict lines (Markdown), empty when no run has an AUC; {@code replicates} mark the seed means. */
  static List<String> lines(List<VariantResult> results, List<SeedReplicates> replicates) {
    return new Verdict(replicates).linesOf(results);
  }

  private List<String> linesOf(List<VariantResult> results) {
    List<VariantResult> scored = results.stream().filter(r -> r.ok() && Double.isFinite(r.auc())).toList();
    Optional<VariantResult> oracle = scored.stream().filter(r -> isOracle(r)).findFirst();
    List<VariantResult> models = scored.stream().filter(r -> !isOracle(r))
        .sorted(Comparator.comparingDouble(VariantResult::auc).reversed()).toList();
    if (models.isEmpty()) {
      return oracle.map(o -> List.of(String.format(Locale.ROOT, "**AUC:** no model finished; the oracle (Bayes"
          + " ceiling) reaches %.4f.", o.auc()))).orElse(List.of());
    }
    List<String> lines = new ArrayList<>();
    VariantResult winner = models.get(0);
    String win = String.format(Locale.ROOT, "**AUC:** %s wins with test AUC %.4f", name(winner), winner.auc());
    if (models.size() > 1) {
      VariantResult second = models.get(1);
      win += String.format(Locale.ROOT, ", %+.4f over %s (%.4f)", winner.auc() - second.auc(), name(second),
          second.auc());
    }
    lines.add(win + ".");

    List<VariantResult> text = models.stream().filter(r -> r.textLength() > 0).toList();
    List<VariantResult> baselines = models.stream().filter(r -> r.textLength() == 0).toList();
    if (text.isEmpty()) {
      lines.add("**Text models:** none finished" + oracle.map(o -> String.format(Locale.ROOT,
          "; the oracle (Bayes ceiling) reaches %.4f", o.auc())).orElse("") + ".");
      return lines;
    }
    VariantResult bestText = text.get(0);
    StringBuilder standing = new StringBuilder("**Text vs baselines:** ").append(name(bestText));
    if (!baselines.isEmpty()) {
      VariantResult bestBaseline = baselines.get(0);
      standing.append(String.format(Locale.ROOT, " is %+.4f against the best baseline without text, %s (%.4f)",
          bestText.auc() - bestBaseline.auc(), name(bestBaseline), bestBaseline.auc()));
    } else {
      standing.append(" ran without baselines");
    }
    oracle.ifPresent(o -> {
      standing.append(String.format(Locale.ROOT, "; the oracle (Bayes ceiling) reaches %.4f", o.auc()));
      if (bestText.auc() <= 0.5) {
        standing.append(", and it is at or below chance: it captured none of the learnable signal");
      } else if (o.auc() > 0.5) {
        standing.append(String.format(Locale.ROOT, ", so it captured %.0f %% of the ceiling's AUC above chance",
            100 * (bestText.auc() - 0.5) / (o.auc() - 0.5)));
      }
    });
    lines.add(standing.append('.').toString());
    lines.add(costLine(bestText, results));
    return lines;
  }

  /**
   * The cost of {@code bestText} against LLM-CTR at its text length; when LLM-CTR itself is best, BAHE's cost
   * against it; in a length sweep where LLM-CTR ran only at shorter lengths (the ones it can afford), the best
   * text model against LLM-CTR's best run, in AUC and training time.
   */
  private String costLine(VariantResult bestText, List<VariantResult> results) {
    Optional<VariantResult> llmCtr = find(results, "llm-ctr", bestText.textLength());
    if (llmCtr.isEmpty()) {
      List<VariantResult> llmRuns = results.stream().filter(r -> r.variant().equals("llm-ctr") && r.ok()
          && Double.isFinite(r.auc())).toList();
      if (llmRuns.isEmpty()) {
        return "**Cost:** no successful LLM-CTR run at T = " + bestText.textLength() + " to compare with.";
      }
      VariantResult bestLlm = llmRuns.stream().max(Comparator.comparingDouble(VariantResult::auc)).orElseThrow();
      int longest = llmRuns.stream().mapToInt(VariantResult::textLength).max().orElseThrow();
      return String.format(Locale.ROOT, "**Cost:** LLM-CTR ran up to T = %d; against its best run (T = %d, test AUC"
              + " %.4f) %s is %+.4f, training %.0f s against %.0f s (%.1f vs %.1f samples/s).", longest,
          bestLlm.textLength(), bestLlm.auc(), name(bestText), bestText.auc() - bestLlm.auc(),
          bestText.trainSeconds(), bestLlm.trainSeconds(), bestText.trainSamplesPerSecond(),
          bestLlm.trainSamplesPerSecond());
    }
    VariantResult compared = bestText;
    if (bestText.variant().equals("llm-ctr")) {
      Optional<VariantResult> bahe = find(results, "bahe", bestText.textLength());
      if (bahe.isEmpty()) {
        return "**Cost:** LLM-CTR won; no BAHE run at T = " + bestText.textLength() + " to compare its cost with.";
      }
      compared = bahe.get();
    }
    return String.format(Locale.ROOT, "**Cost:** %s trains at ×%.1f LLM-CTR's samples/s with ÷%.1f its peak memory"
            + " (T = %d: %.1f vs %.1f samples/s, %.0f vs %.0f MiB).", name(compared),
        compared.trainSamplesPerSecond() / llmCtr.get().trainSamplesPerSecond(),
        llmCtr.get().peakRssMb() / compared.peakRssMb(), compared.textLength(), compared.trainSamplesPerSecond(),
        llmCtr.get().trainSamplesPerSecond(), compared.peakRssMb(), llmCtr.get().peakRssMb());
  }

  private static Optional<VariantResult> find(List<VariantResult> results, String variant, int length) {
    return results.stream().filter(r -> r.variant().equals(variant) && r.textLength() == length && r.ok()
        && Double.isFinite(r.trainSamplesPerSecond()) && Double.isFinite(r.peakRssMb())).findFirst();
  }

  private static boolean isOracle(VariantResult r) {
    return r.textLength() == 0 && r.variant().equals(PlannedRun.ORACLE);
  }

  /** {@code `bahe` (T = 2048)}, {@code `bahe` (T = 2048, mean of 3 seeds)}, {@code `stats`}. */
  private String name(VariantResult r) {
    String seeds = replicates.stream().filter(rep -> rep.is(r.variant(), r.textLength())).findFirst()
        .map(rep -> "mean of " + rep.seeds().size() + " seeds").orElse("");
    List<String> notes = new ArrayList<>();
    if (r.textLength() > 0) {
      notes.add("T = " + r.textLength());
    }
    if (!seeds.isEmpty()) {
      notes.add(seeds);
    }
    return "`" + r.variant() + "`" + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
  }
}
