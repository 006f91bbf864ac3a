package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The learning chart's data: one smoothed loss line and one validation-AUC line per run that recorded a curve. */
class LearningChartTest {

  private static LearningCurve curve(int steps, double... validAucs) {
    List<LearningCurve.StepPoint> s = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      s.add(new LearningCurve.StepPoint(i, 1, 0.7 - 0.001 * i));
    }
    List<LearningCurve.EpochPoint> e = new ArrayList<>();
    for (int i = 0; i < validAucs.length; i++) {
      e.add(new LearningCurve.EpochPoint(i + 1, (long) steps * (i + 1) / validAucs.length, 0.6, validAucs[i], 0.6));
    }
    return new LearningCurve(s, e);
  }

  private static VariantResult run(String variant, int length, LearningCurve curve) {
    return new VariantResult(variant, length, 0.7, 0.6, 0.6, 10, 10, 1000, Double.NaN, Double.NaN, 100, 0, "ok", 40,
        curve);
  }

  @Test
  void trailingMeanAveragesTheLastWindowValuesAndFewerAtTheStart() {
    double[] smoothed = LearningChart.trailingMean(new double[] {1, 2, 3, 4, 10}, 3);

    // 1; (1+2)/2; (1+2+3)/3; (2+3+4)/3; (3+4+10)/3
    assertThat(smoothed).containsExactly(new double[] {1, 1.5, 2, 3, 17.0 / 3}, within(1e-12));
    assertThat(LearningChart.trailingMean(new double[] {4, 1}, 1)).containsExactly(4, 1);
  }

  @Test
  void theWindowIsATenthOfTheLongestRunBetweenOneAndFifty() {
    assertThat(LearningChart.smoothingWindow(3)).isEqualTo(1);
    assertThat(LearningChart.smoothingWindow(20)).isEqualTo(2);
    assertThat(LearningChart.smoothingWindow(200)).isEqualTo(20);
    assertThat(LearningChart.smoothingWindow(5000)).isEqualTo(50);
  }

  @Test
  void everyRunWithACurveGetsALossLineAndAValidationLine() {
    List<VariantResult> results = List.of(
        new VariantResult("stats", 0, 0.6, 0.6, 0.6, 1, 100, 200, Double.NaN, Double.NaN, 100, 0, "ok"),
        run("dnn", 0, curve(20, 0.55, 0.58)),
        run("bahe", 256, curve(20, 0.60, 0.66)),
        VariantResult.failed("llm-ctr", 256, 5000, "out of memory"));

    List<XYChart> charts = LearningChart.charts(results, ResultsReport.VARIANT_ORDER).orElseThrow();

    XYChart loss = charts.get(0);
    XYChart auc = charts.get(1);
    assertThat(loss.getSeriesMap().keySet()).containsExactly("dnn", "bahe");
    assertThat(auc.getSeriesMap().keySet()).containsExactly("dnn", "bahe");
    assertThat(loss.getTitle()).isEqualTo("Training loss per step (mean of the last 2 steps)");
    XYSeries baheLoss = loss.getSeriesMap().get("bahe");
    assertThat(baheLoss.getXData()).hasSize(20);
    // step 2: mean of 0.699 and 0.698
    assertThat(baheLoss.getYData()[1]).isCloseTo(0.6985, within(1e-12));
    XYSeries baheAuc = auc.getSeriesMap().get("bahe");
    assertThat(baheAuc.getXData()).containsExactly(1.0, 2.0);
    assertThat(baheAuc.getYData()).containsExactly(0.60, 0.66);
    assertThat(auc.getStyler().getYAxisMin()).isLessThan(0.55);
    assertThat(auc.getStyler().getYAxisMax()).isGreaterThan(0.66);
  }

  @Test
  void noCurveNoChart() {
    List<VariantResult> results = List.of(
        new VariantResult("stats", 0, 0.6, 0.6, 0.6, 1, 100, 200, Double.NaN, Double.NaN, 100, 0, "ok"));

    assertThat(LearningChart.charts(results, ResultsReport.VARIANT_ORDER)).isEmpty();
  }
}
