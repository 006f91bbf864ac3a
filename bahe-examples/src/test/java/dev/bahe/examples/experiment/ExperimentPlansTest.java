package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which runs the ablation, length-sweep and pooling experiments plan: their ids, text lengths, configuration
 * overrides and order, and that the ID-only DNN is planned exactly once, first, and only when asked for.
 */
class ExperimentPlansTest {

  private static List<String> ids(List<PlannedRun> runs) {
    return runs.stream().map(PlannedRun::id).toList();
  }

  @Test
  void ablationPlansTheDnnOnceThenEveryVariantAtEachLengthWithLengthsOutermost() {
    List<PlannedRun> runs = ExperimentPlans.ablation(List.of("llm-ctr", "bahe"), List.of(1024, 2048), true);

    assertThat(ids(runs)).containsExactly("dnn", "llm-ctr-T1024", "bahe-T1024", "llm-ctr-T2048", "bahe-T2048");
    assertThat(runs).filteredOn(PlannedRun::isIdOnlyDnn).hasSize(1);
    assertThat(runs.get(0)).isEqualTo(PlannedRun.idOnlyDnn());
    assertThat(runs.get(0).textLength()).isZero();
    assertThat(runs.get(0).overrides()).isEmpty();
  }

  @Test
  void ablationRunsSelectTheirVariantAndCarryTheirTextLength() {
    List<PlannedRun> runs = ExperimentPlans.ablation(List.of("fp", "abe"), List.of(512), true);

    assertThat(runs.get(1)).isEqualTo(new PlannedRun("fp", 512, List.of("variant=fp")));
    assertThat(runs.get(2)).isEqualTo(new PlannedRun("abe", 512, List.of("variant=abe")));
  }

  @Test
  void ablationWithoutTheDnnPlansOnlyTextVariants() {
    List<PlannedRun> runs = ExperimentPlans.ablation(ExperimentPlans.LADDER, List.of(128), false);

    assertThat(ids(runs)).containsExactly("llm-ctr-T128", "fp-T128", "abe-T128", "bahe-T128");
    assertThat(runs).noneMatch(PlannedRun::isIdOnlyDnn);
  }

  @Test
  void theLadderIsInTableOrderAndMatchesTheReportColumnsAfterTheDnn() {
    assertThat(ExperimentPlans.LADDER).containsExactly("llm-ctr", "fp", "abe", "bahe");
    assertThat(ResultsReport.VARIANT_ORDER).containsExactly("dnn", "llm-ctr", "fp", "abe", "bahe");
  }

  @Test
  void lengthSweepRunsEachVariantAtIncreasingLengthsWithoutTheDnn() {
    List<PlannedRun> runs = ExperimentPlans.lengthSweep(List.of("bahe", "llm-ctr"), List.of(64, 128, 256));

    assertThat(ids(runs)).containsExactly("bahe-T64", "llm-ctr-T64", "bahe-T128", "llm-ctr-T128", "bahe-T256",
        "llm-ctr-T256");
    assertThat(runs).extracting(PlannedRun::textLength).containsExactly(64, 64, 128, 128, 256, 256);
    assertThat(runs).noneMatch(PlannedRun::isIdOnlyDnn);
  }

  @Test
  void poolingRunsBaheWithTheSamePoolingForTheStoreAndTheUpperLayers() {
    List<PlannedRun> runs = ExperimentPlans.pooling(ExperimentPlans.POOLINGS, 512);

    assertThat(ids(runs)).containsExactly("bahe-mean-T512", "bahe-eos-T512", "bahe-cls-T512", "bahe-max-T512");
    assertThat(runs).allSatisfy(r -> assertThat(r.textLength()).isEqualTo(512));
    assertThat(runs.get(1).overrides()).containsExactly("variant=bahe", "encoder.pooling=eos", "pooling=eos");
    assertThat(runs).noneMatch(PlannedRun::isIdOnlyDnn);
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
  void onlyTheIdOnlyBaselineHasAnIdWithoutTextLength() {
    assertThat(PlannedRun.idOnlyDnn().id()).isEqualTo("dnn");
    assertThat(new PlannedRun("bahe", 96, List.of()).id()).isEqualTo("bahe-T96");
    assertThat(new PlannedRun("bahe", 96, List.of()).isIdOnlyDnn()).isFalse();
  }
}
