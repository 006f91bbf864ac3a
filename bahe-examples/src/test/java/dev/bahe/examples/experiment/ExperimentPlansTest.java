package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which runs the ablation, length-sweep and pooling experiments plan: their ids, text lengths, configuration
 * overrides and order, and that the baselines without text (stats, dnn-id, dnn) are planned once each, first, in
 * table order, and only when asked for.
 */
class ExperimentPlansTest {

  private static final List<String> ALL_BASELINES = List.of("stats", "dnn-id", "dnn");

  private static List<String> ids(List<PlannedRun> runs) {
    return runs.stream().map(PlannedRun::id).toList();
  }

  @Test
  void ablationPlansTheBaselinesOnceThenEveryVariantAtEachLengthWithLengthsOutermost() {
    List<PlannedRun> runs = ExperimentPlans.ablation(List.of("llm-ctr", "bahe"), List.of(1024, 2048), ALL_BASELINES);

    assertThat(ids(runs)).containsExactly("stats", "dnn-id", "dnn", "llm-ctr-T1024", "bahe-T1024", "llm-ctr-T2048",
        "bahe-T2048");
    assertThat(runs).filteredOn(PlannedRun::isBaseline).hasSize(3)
        .allSatisfy(r -> assertThat(r.textLength()).isZero())
        .allSatisfy(r -> assertThat(r.overrides()).isEmpty());
    assertThat(runs.subList(0, 3)).containsExactly(PlannedRun.stats(), PlannedRun.idOnlyDnn(),
        PlannedRun.productionDnn());
  }

  @Test
  void ablationRunsSelectTheirVariantAndCarryTheirTextLength() {
    List<PlannedRun> runs = ExperimentPlans.ablation(List.of("fp", "abe"), List.of(512), List.of("dnn"));

    assertThat(runs.get(0)).isEqualTo(PlannedRun.productionDnn());
    assertThat(runs.get(1)).isEqualTo(new PlannedRun("fp", 512, List.of("variant=fp")));
    assertThat(runs.get(2)).isEqualTo(new PlannedRun("abe", 512, List.of("variant=abe")));
  }

  @Test
  void ablationWithoutBaselinesPlansOnlyTextVariants() {
    List<PlannedRun> runs = ExperimentPlans.ablation(ExperimentPlans.LADDER, List.of(128), List.of());

    assertThat(ids(runs)).containsExactly("llm-ctr-T128", "fp-T128", "abe-T128", "bahe-T128");
    assertThat(runs).noneMatch(PlannedRun::isBaseline);
  }

  @Test
  void baselinesAreInTableOrderWhateverOrderTheyAreAskedIn() {
    List<PlannedRun> runs = ExperimentPlans.ablation(List.of(), List.of(128), List.of("dnn", "stats"));

    assertThat(ids(runs)).containsExactly("stats", "dnn");
  }

  @Test
  void theNoStatsAndNoDnnSwitchesLeaveOutTheirBaselines() {
    assertThat(ExperimentPlans.baselines(List.of("bahe"), false, false)).isEqualTo(ALL_BASELINES);
    assertThat(ExperimentPlans.baselines(List.of("bahe"), true, false)).containsExactly("dnn-id", "dnn");
    assertThat(ExperimentPlans.baselines(List.of("bahe"), false, true)).containsExactly("stats");
    assertThat(ExperimentPlans.baselines(List.of("bahe"), true, true)).isEmpty();
  }

  @Test
  void baselinesNamedAmongTheVariantsReplaceTheDefaultOnesAndAreNotTextVariants() {
    List<String> variants = List.of("dnn", "bahe", "stats");

    assertThat(ExperimentPlans.baselines(variants, false, false)).containsExactly("stats", "dnn");
    assertThat(ExperimentPlans.textVariants(variants)).containsExactly("bahe");
    // only baselines: no text run at all
    List<PlannedRun> runs = ExperimentPlans.ablation(ExperimentPlans.textVariants(List.of("stats", "dnn")),
        List.of(512), ExperimentPlans.baselines(List.of("stats", "dnn"), false, false));
    assertThat(ids(runs)).containsExactly("stats", "dnn");
  }

  @Test
  void anUnknownBaselineIsAnErrorNamingTheKnownOnes() {
    assertThatThrownBy(() -> ExperimentPlans.ablation(List.of(), List.of(64), List.of("lr")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lr'")
        .hasMessageContaining("oracle, stats, dnn-id, dnn");
  }

  @Test
  void theLadderIsInTableOrderAndMatchesTheReportColumnsAfterTheBaselines() {
    assertThat(ExperimentPlans.LADDER).containsExactly("llm-ctr", "fp", "abe", "bahe");
    assertThat(ResultsReport.VARIANT_ORDER).containsExactly("oracle", "stats", "dnn-id", "dnn", "llm-ctr", "fp",
        "abe", "bahe");
    assertThat(PlannedRun.BASELINES).containsExactly("oracle", "stats", "dnn-id", "dnn");
  }

  @Test
  void lengthSweepRunsTheBaselinesOnceThenEachVariantAtIncreasingLengths() {
    List<PlannedRun> runs = ExperimentPlans.lengthSweep(List.of("bahe", "llm-ctr"), List.of(64, 128, 256),
        ALL_BASELINES);

    assertThat(ids(runs)).containsExactly("stats", "dnn-id", "dnn", "bahe-T64", "llm-ctr-T64", "bahe-T128",
        "llm-ctr-T128", "bahe-T256", "llm-ctr-T256");
    assertThat(runs.subList(3, runs.size())).extracting(PlannedRun::textLength)
        .containsExactly(64, 64, 128, 128, 256, 256);
  }

  @Test
  void poolingRunsBaheWithTheSamePoolingForTheStoreAndTheUpperLayersAfterTheBaselines() {
    List<PlannedRun> runs = ExperimentPlans.pooling(ExperimentPlans.POOLINGS, 512, List.of("stats", "dnn"));

    assertThat(ids(runs)).containsExactly("stats", "dnn", "bahe-mean-T512", "bahe-eos-T512", "bahe-cls-T512",
        "bahe-max-T512");
    assertThat(runs.subList(2, runs.size())).allSatisfy(r -> assertThat(r.textLength()).isEqualTo(512))
        .noneMatch(PlannedRun::isBaseline);
    assertThat(runs.get(3).overrides()).containsExactly("variant=bahe", "encoder.pooling=eos", "pooling=eos");
  }

  @Test
  void plannedRunCopiesItsOverrides() {
    List<String> overrides = new ArrayList<>(List.of("variant=bahe"));
    PlannedRun run = new PlannedRun("bahe", 96, overrides);
    overrides.add("pooling=max");

    assertThat(run.overrides()).containsExactly("variant=bahe");
    assertThatThrownBy(() -> run.overrides().add("x=y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void onlyTheBaselinesHaveAnIdWithoutTextLength() {
    assertThat(PlannedRun.stats().id()).isEqualTo("stats");
    assertThat(PlannedRun.idOnlyDnn().id()).isEqualTo("dnn-id");
    assertThat(PlannedRun.productionDnn().id()).isEqualTo("dnn");
    assertThat(new PlannedRun("bahe", 96, List.of()).id()).isEqualTo("bahe-T96");
    assertThat(new PlannedRun("bahe", 96, List.of()).isBaseline()).isFalse();
    assertThatThrownBy(() -> PlannedRun.baseline("bahe")).hasMessageContaining("unknown baseline 'bahe'");
  }

  @Test
  void theOracleIsPlannedFirstOnSyntheticDataOnly() {
    List<PlannedRun> runs = ExperimentPlans.ablation(List.of("bahe"), List.of(256), ALL_BASELINES);

    assertThat(ids(ExperimentPlans.withOracle(runs, "synthetic"))).containsExactly("oracle", "stats", "dnn-id",
        "dnn", "bahe-T256");
    assertThat(ExperimentPlans.withOracle(runs, "movielens")).isEqualTo(runs);
    assertThat(ExperimentPlans.withOracle(runs, "tsv")).isEqualTo(runs);
    // planned once even when named
    List<PlannedRun> named = ExperimentPlans.ablation(List.of(), List.of(), List.of("oracle", "stats"));
    assertThat(ids(ExperimentPlans.withOracle(named, "synthetic"))).containsExactly("oracle", "stats");
  }

  @Test
  void theOracleIsNotADefaultBaselineButCanBeNamed() {
    assertThat(ExperimentPlans.baselines(List.of("bahe"), false, false)).containsExactly("stats", "dnn-id", "dnn");
    assertThat(ExperimentPlans.baselines(List.of("oracle", "stats", "bahe"), false, false))
        .containsExactly("oracle", "stats");
    assertThat(ExperimentPlans.textVariants(List.of("oracle", "bahe"))).containsExactly("bahe");
  }

  @Test
  void askingForTheOracleOnOtherDataIsAClearError() {
    List<PlannedRun> runs = List.of(PlannedRun.oracle(), new PlannedRun("bahe", 256, List.of("variant=bahe")));

    assertThatThrownBy(() -> ExperimentPlans.withOracle(runs, "movielens"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the oracle baseline needs the generator's click probabilities, so it runs only with"
            + " data.source=synthetic (this data.source is 'movielens')");
  }
}
