package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The three verdict lines from hand-made results, every number computed here by hand. */
class VerdictTest {

  private static final VariantResult ORACLE =
      new VariantResult("oracle", 0, 0.85, 0.45, 0.80, 0.01, Double.NaN, 200, Double.NaN, Double.NaN, 0, 0, "ok");
  private static final VariantResult STATS =
      new VariantResult("stats", 0, 0.65, 0.60, 0.60, 1, 1000, 220, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult DNN_ID =
      new VariantResult("dnn-id", 0, 0.60, 0.65, 0.55, 1, 8000, 240, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult LLM_CTR =
      new VariantResult("llm-ctr", 256, 0.72, 0.55, 0.70, 200, 4.0, 5000, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult BAHE =
      new VariantResult("bahe", 256, 0.73, 0.54, 0.71, 12, 60.0, 2000, Double.NaN, 2, 640, 0, "ok");

  @Test
  void winnerMarginStandingBetweenFloorAndCeilingAndCost() {
    List<String> lines = Verdict.lines(List.of(ORACLE, STATS, DNN_ID, LLM_CTR, BAHE));

    // (0.73 - 0.5) / (0.85 - 0.5) = 65.7 %; 60 / 4 = 15.0; 5000 / 2000 = 2.5
    assertThat(lines).containsExactly(
        "**AUC:** `bahe` (T = 256) wins with test AUC 0.7300, +0.0100 over `llm-ctr` (T = 256) (0.7200).",
        "**Text vs baselines:** `bahe` (T = 256) is +0.0800 against the best baseline without text, `stats` (0.6500);"
            + " the oracle (Bayes ceiling) reaches 0.8500, so it captured 66 % of the ceiling's AUC above chance.",
        "**Cost:** `bahe` (T = 256) trains at ×15.0 LLM-CTR's samples/s with ÷2.5 its peak memory (T = 256: 60.0 vs"
            + " 4.0 samples/s, 2000 vs 5000 MiB).");
  }

  @Test
  void whenLlmCtrWinsTheCostLineIsBahesAndABaselineAboveTheTextModelsShowsAsANegativeMargin() {
    VariantResult strongStats =
        new VariantResult("stats", 0, 0.75, 0.60, 0.60, 1, 1000, 220, Double.NaN, Double.NaN, 640, 0, "ok");
    VariantResult weakBahe =
        new VariantResult("bahe", 256, 0.71, 0.54, 0.71, 12, 60.0, 2000, Double.NaN, 2, 640, 0, "ok");

    List<String> lines = Verdict.lines(List.of(strongStats, LLM_CTR, weakBahe));

    assertThat(lines.get(0)).isEqualTo("**AUC:** `stats` wins with test AUC 0.7500, +0.0300 over `llm-ctr`"
        + " (T = 256) (0.7200).");
    assertThat(lines.get(1)).isEqualTo("**Text vs baselines:** `llm-ctr` (T = 256) is -0.0300 against the best"
        + " baseline without text, `stats` (0.7500).");
    assertThat(lines.get(2)).startsWith("**Cost:** `bahe` (T = 256) trains at ×15.0 LLM-CTR's samples/s");
  }

  @Test
  void inALengthSweepWhereLlmCtrRanOnlyAtShorterLengthsTheBestTextModelMeetsLlmCtrsBestRun() {
    VariantResult llm128 =
        new VariantResult("llm-ctr", 128, 0.70, 0.56, 0.69, 900, 18.8, 3000, Double.NaN, Double.NaN, 16943, 0, "ok");
    VariantResult bahe2048 =
        new VariantResult("bahe", 2048, 0.76, 0.52, 0.74, 1400, 12.1, 2400, Double.NaN, 2, 16943, 0, "ok");

    List<String> lines = Verdict.lines(List.of(STATS, llm128, LLM_CTR, BAHE, bahe2048));

    // LLM-CTR's best is T = 256 (0.72); 0.76 - 0.72 = +0.04
    assertThat(lines.get(2)).isEqualTo("**Cost:** LLM-CTR ran up to T = 256; against its best run (T = 256, test"
        + " AUC 0.7200) `bahe` (T = 2048) is +0.0400, training 1400 s against 200 s (12.1 vs 4.0 samples/s).");
  }

  @Test
  void aRunThatIsTheMeanOfSeveralSeedsIsNamedSoInEveryLine() {
    VariantResult llm128 =
        new VariantResult("llm-ctr", 128, 0.70, 0.56, 0.69, 900, 18.8, 3000, Double.NaN, Double.NaN, 16943, 0, "ok");
    VariantResult bahe2048 =
        new VariantResult("bahe", 2048, 0.76, 0.52, 0.74, 1400, 12.1, 2400, Double.NaN, 2, 16943, 0, "ok");
    SeedReplicates seeds = new SeedReplicates("bahe", 2048, List.of(42L, 43L, 44L), List.of(0.75, 0.76, 0.77));

    List<String> lines = Verdict.lines(List.of(STATS, llm128, bahe2048), List.of(seeds));

    assertThat(lines.get(0)).startsWith("**AUC:** `bahe` (T = 2048, mean of 3 seeds) wins with test AUC 0.7600")
        .contains("over `llm-ctr` (T = 128) (0.7000)");
    assertThat(lines.get(1)).startsWith("**Text vs baselines:** `bahe` (T = 2048, mean of 3 seeds) is");
    assertThat(lines.get(2)).contains("`bahe` (T = 2048, mean of 3 seeds) is +0.0600");
    // the same runs without replicates keep their plain names
    assertThat(Verdict.lines(List.of(STATS, llm128, bahe2048)).get(0))
        .startsWith("**AUC:** `bahe` (T = 2048) wins");
  }

  @Test
  void aTextModelAtChanceCapturedNothing() {
    VariantResult chance =
        new VariantResult("bahe", 256, 0.49, 0.70, 0.5, 12, 60.0, 2000, Double.NaN, 2, 640, 0, "ok");

    List<String> lines = Verdict.lines(List.of(ORACLE, chance));

    assertThat(lines.get(1)).endsWith("the oracle (Bayes ceiling) reaches 0.8500, and it is at or below chance: it"
        + " captured none of the learnable signal.");
    assertThat(lines.get(2)).isEqualTo("**Cost:** no successful LLM-CTR run at T = 256 to compare with.");
  }

  @Test
  void nothingScoredNoVerdict() {
    assertThat(Verdict.lines(List.of(VariantResult.failed("bahe", 256, 900, "out of memory")))).isEmpty();
  }
}
