package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

/** The cost chart's bars and the ratios to LLM-CTR written on them, computed here by hand. */
class CostChartTest {

  private static final VariantResult LLM_CTR =
      new VariantResult("llm-ctr", 1024, 0.71, 0.52, 0.66, 500, 2.0, 4000, Double.NaN, Double.NaN, 1000, 0, "ok");
  private static final VariantResult BAHE =
      new VariantResult("bahe", 1024, 0.71, 0.53, 0.65, 25, 40.0, 1000, Double.NaN, 30, 1000, 0, "ok");
  private static final VariantResult BAHE_2048 =
      new VariantResult("bahe", 2048, 0.73, 0.51, 0.67, 50, 20.0, 1200, Double.NaN, Double.NaN, 1000, 0, "ok");
  private static final VariantResult DNN =
      new VariantResult("dnn", 0, 0.72, 0.50, 0.65, 12, 5000, 310, Double.NaN, Double.NaN, 60000, 0, "ok");

  @Test
  void ratiosAreThroughputOverLlmCtrsAndLlmCtrsMemoryOverTheRunsAtTheSameLength() {
    List<VariantResult> results = List.of(DNN, LLM_CTR, BAHE, BAHE_2048);

    // 40 / 2 samples/s; 4000 / 1000 MiB
    assertThat(CostChart.ratioLabel(BAHE, results, true)).isEqualTo("×20.0");
    assertThat(CostChart.ratioLabel(BAHE, results, false)).isEqualTo("÷4.0");
    assertThat(CostChart.ratioLabel(LLM_CTR, results, true)).as("LLM-CTR's own bar").isEmpty();
    // no LLM-CTR at T = 2048
    assertThat(CostChart.ratioLabel(BAHE_2048, results, true)).isEmpty();
  }

  @Test
  void onlyTextRunsAreBarsAndEachBarWithAnLlmCtrGetsItsRatioWritten() {
    List<CategoryChart> charts =
        CostChart.charts(List.of(DNN, LLM_CTR, BAHE, BAHE_2048), ResultsReport.VARIANT_ORDER).orElseThrow();

    CategoryChart speed = charts.get(0);
    List<Object> xs = new ArrayList<>(speed.getSeriesMap().values().iterator().next().getXData());
    assertThat(xs).containsExactly("llm-ctr T=1024", "bahe T=1024", "bahe T=2048");
    List<Number> ys = new ArrayList<>(speed.getSeriesMap().values().iterator().next().getYData());
    assertThat(ys).containsExactly(2.0, 40.0, 20.0);
    List<Number> memory = new ArrayList<>(charts.get(1).getSeriesMap().values().iterator().next().getYData());
    assertThat(memory).containsExactly(4000.0, 1000.0, 1200.0);
  }

  @Test
  void withoutASuccessfulTextRunThereIsNoCostChart() {
    assertThat(CostChart.charts(List.of(DNN, VariantResult.failed("bahe", 1024, 900, "out of memory")),
        ResultsReport.VARIANT_ORDER)).isEmpty();
  }
}
