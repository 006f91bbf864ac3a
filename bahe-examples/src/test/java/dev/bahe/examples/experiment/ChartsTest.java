package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.junit.jupiter.api.Test;

/**
 * The AUC charts as data: text runs as bars with their AUC, every baseline (the oracle among them) as a labelled
 * horizontal line at its AUC, a y axis fitted to the values, and no bar of 0 for a run that has an AUC (the demo's
 * empty DNN bar: a baseline has text length 0 and was looked up in the T=256 series only).
 */
class ChartsTest {

  // the results of the demo at its earlier defaults (640 impressions, T = 256), plus the oracle
  private static final VariantResult ORACLE =
      new VariantResult("oracle", 0, 0.8255, 0.55, 0.82, 0.001, Double.NaN, 200, Double.NaN, Double.NaN, 0, 0, "ok");
  private static final VariantResult STATS =
      new VariantResult("stats", 0, 0.4823, 0.6883, 0.4533, 0.4, 1427.7, 220, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult DNN_ID =
      new VariantResult("dnn-id", 0, 0.5049, 0.6928, 0.2933, 0.1, 8050.2, 238, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult DNN =
      new VariantResult("dnn", 0, 0.5061, 0.6975, 0.5267, 0.6, 1093.1, 327, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult LLM_CTR =
      new VariantResult("llm-ctr", 256, 0.4813, 0.72, 0.54, 188.1, 3.4, 5269, Double.NaN, Double.NaN, 640, 0, "ok");
  private static final VariantResult BAHE_512 =
      new VariantResult("bahe", 512, 0.70, 0.6, 0.6, 20, 30, 1800, Double.NaN, 2, 640, 0, "ok");
  private static final VariantResult BAHE =
      new VariantResult("bahe", 256, 0.4870, 0.7029, 0.5333, 12.1, 52.9, 1746, Double.NaN, 1.7, 640, 0, "ok");

  private static List<VariantResult> demo() {
    return List.of(ORACLE, STATS, DNN_ID, DNN, BAHE, LLM_CTR);
  }

  private static List<Double> ys(CategorySeries s) {
    List<Double> out = new ArrayList<>();
    s.getYData().forEach(n -> out.add(n.doubleValue()));
    return out;
  }

  private static List<String> xs(CategorySeries s) {
    List<String> out = new ArrayList<>();
    s.getXData().forEach(x -> out.add(x.toString()));
    return out;
  }

  @Test
  void textRunsAreBarsWithTheirAucAndBaselinesAreLinesAtTheirAuc() {
    CategoryChart chart = Charts.aucChart(demo(), ResultsReport.VARIANT_ORDER);
    Map<String, CategorySeries> series = chart.getSeriesMap();

    CategorySeries bars = series.get("text models (test AUC)");
    assertThat(bars.getChartCategorySeriesRenderStyle()).isNotEqualTo(CategorySeriesRenderStyle.Line);
    assertThat(xs(bars)).containsExactly("llm-ctr: 0.4813", "bahe: 0.4870");
    assertThat(ys(bars)).containsExactly(0.4813, 0.4870);
    assertThat(chart.getTitle()).isEqualTo("Test AUC at T = 256");

    Map<String, Double> lines = Map.of("oracle (Bayes ceiling) 0.826", 0.8255, "stats 0.482", 0.4823,
        "dnn-id 0.505", 0.5049, "dnn 0.506", 0.5061);
    assertThat(series.keySet()).containsExactly("text models (test AUC)", "oracle (Bayes ceiling) 0.826",
        "stats 0.482", "dnn-id 0.505", "dnn 0.506");
    lines.forEach((name, auc) -> {
      CategorySeries line = series.get(name);
      assertThat(line.getChartCategorySeriesRenderStyle()).as(name).isEqualTo(CategorySeriesRenderStyle.Line);
      assertThat(ys(line)).as(name).containsOnly(auc).hasSize(2);
    });
  }

  @Test
  void everyRunWithAnAucIsDrawnAtItsAucNeverAsAnEmptyBar() {
    CategoryChart chart = Charts.aucChart(demo(), ResultsReport.VARIANT_ORDER);

    List<Double> drawn = new ArrayList<>();
    chart.getSeriesMap().values().forEach(s -> drawn.addAll(ys(s)));
    for (VariantResult r : demo()) {
      assertThat(drawn).as(r.variant()).contains(r.auc());
    }
    assertThat(drawn).allSatisfy(y -> assertThat(y).isGreaterThan(0.4));
  }

  @Test
  void theYAxisIsFittedToTheValuesNotFromZero() {
    CategoryChart chart = Charts.aucChart(demo(), ResultsReport.VARIANT_ORDER);

    // values 0.4813 .. 0.8255: a tenth of the spread (0.03442) on each side
    assertThat(chart.getStyler().getYAxisMin()).isCloseTo(0.4813 - 0.03442, within(1e-9));
    assertThat(chart.getStyler().getYAxisMax()).isCloseTo(0.8255 + 0.03442, within(1e-9));
  }

  @Test
  void fittedRangeKeepsAMarginOfAtLeastOneHundredthWithinZeroAndOne() {
    assertThat(Charts.fittedRange(List.of(0.70, 0.705))).containsExactly(0.69, 0.715);
    assertThat(Charts.fittedRange(List.of(0.5, 1.0))).containsExactly(0.45, 1.0);
    assertThat(Charts.fittedRange(List.of(0.0, 0.004))).containsExactly(0.0, 0.014);
  }

  @Test
  void withoutATextRunTheBaselinesAreTheBars() {
    CategoryChart chart = Charts.aucChart(List.of(STATS, DNN), ResultsReport.VARIANT_ORDER);

    assertThat(chart.getSeriesMap()).hasSize(1);
    CategorySeries bars = chart.getSeriesMap().get("test AUC");
    assertThat(xs(bars)).containsExactly("stats: 0.4823", "dnn: 0.5061");
    assertThat(ys(bars)).containsExactly(0.4823, 0.5061);
  }

  @Test
  void aFailedRunHasNoBarAndIsNamedInTheAxisTitle() {
    VariantResult fp = VariantResult.failed("fp", 256, 3900, "out of memory");
    CategoryChart chart = Charts.aucChart(List.of(STATS, LLM_CTR, fp, BAHE), ResultsReport.VARIANT_ORDER);

    assertThat(xs(chart.getSeriesMap().get("text models (test AUC)"))).containsExactly("llm-ctr: 0.4813",
        "bahe: 0.4870");
    assertThat(chart.getXAxisTitle()).isEqualTo("text model (no bar, failed: fp T=256)");
  }

  @Test
  void twoTextLengthsNameEachBarWithItsLength() {
    CategoryChart chart = Charts.aucChart(List.of(BAHE_512, BAHE, LLM_CTR), ResultsReport.VARIANT_ORDER);

    assertThat(xs(chart.getSeriesMap().get("text models (test AUC)"))).containsExactly("llm-ctr T=256: 0.4813",
        "bahe T=256: 0.4870", "bahe T=512: 0.7000");
    assertThat(chart.getTitle()).isEqualTo("Test AUC by variant and text length");
  }

  @Test
  void theLengthSweepDrawsTheOracleAndTheOtherBaselinesAsFlatLines() {
    CategoryChart chart = Charts.aucByTextLengthChart(List.of(ORACLE, STATS, BAHE, BAHE_512),
        ResultsReport.VARIANT_ORDER).orElseThrow();

    Map<String, CategorySeries> series = chart.getSeriesMap();
    assertThat(series.keySet()).containsExactly("oracle (Bayes ceiling) 0.826", "stats 0.482", "bahe");
    assertThat(ys(series.get("oracle (Bayes ceiling) 0.826"))).containsExactly(0.8255, 0.8255);
    assertThat(ys(series.get("bahe"))).containsExactly(0.4870, 0.70);
    assertThat(xs(series.get("bahe"))).containsExactly("256", "512");
    assertThat(chart.getStyler().getYAxisMax()).isGreaterThan(0.8255);
    assertThat(chart.getStyler().getYAxisMin()).isBetween(0.4, 0.4823);
  }

  @Test
  void eachAblationVariantKeepsItsOwnColourAndMarkerInTheLengthSweep() {
    CategoryChart chart = Charts.aucByTextLengthChart(List.of(STATS, LLM_CTR, BAHE, BAHE_512),
        ResultsReport.VARIANT_ORDER).orElseThrow();

    CategorySeries bahe = chart.getSeriesMap().get("bahe");
    CategorySeries llmCtr = chart.getSeriesMap().get("llm-ctr");
    assertThat(bahe.getLineColor()).isEqualTo(ChartStyle.BAR).isEqualTo(bahe.getMarkerColor());
    assertThat(llmCtr.getLineColor()).isNotEqualTo(bahe.getLineColor())
        .isNotEqualTo(ChartStyle.referenceColour("stats"));
    assertThat(llmCtr.getMarker()).isNotEqualTo(bahe.getMarker());
  }
}
