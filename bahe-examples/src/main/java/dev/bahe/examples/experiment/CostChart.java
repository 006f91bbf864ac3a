package dev.bahe.examples.experiment;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * {@code cost.png}: what each text model run cost to train — training samples per second and peak memory of its
 * JVM, side by side (stacked for more than four runs) — one bar per run, with its value and its ratio to LLM-CTR at
 * the same text length written above the bar ({@code 52.9 (×15.5)}: 15.5 times LLM-CTR's samples/s;
 * {@code 1,746 (÷3.0)}: a third of its memory). The baselines without text are left out: their cost is not on the
 * same scale.
 */
final class CostChart {

  private CostChart() {}

  /** Writes the two panels side by side; nothing when no text run succeeded. */
  static Optional<Path> write(List<VariantResult> results, List<String> variantOrder, Path file) throws IOException {
    Optional<List<CategoryChart>> charts = charts(results, variantOrder);
    if (charts.isEmpty()) {
      return Optional.empty();
    }
    boolean stacked = stacked(charts.get());
    BitmapEncoder.saveBitmap(charts.get(), stacked ? 2 : 1, stacked ? 1 : 2, file.toString(),
        BitmapEncoder.BitmapFormat.PNG);
    return Optional.of(file);
  }

  /** The throughput and memory panels, or nothing when no text run succeeded. */
  static Optional<List<CategoryChart>> charts(List<VariantResult> results, List<String> variantOrder) {
    List<VariantResult> runs = Charts.textRuns(results, variantOrder).stream()
        .filter(r -> Double.isFinite(r.trainSamplesPerSecond()) && Double.isFinite(r.peakRssMb())).toList();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    boolean withLength = runs.stream().map(VariantResult::textLength).distinct().count() > 1;
    CategoryChart speed = panel(runs, withLength, "Training throughput (× LLM-CTR's at the same T)", "samples / s",
        VariantResult::trainSamplesPerSecond, results, true);
    CategoryChart memory = panel(runs, withLength, "Peak memory of the run's JVM (÷: LLM-CTR's over it)", "MiB",
        VariantResult::peakRssMb, results, false);
    return Optional.of(List.of(speed, memory));
  }

  /** Panels side by side up to four runs, stacked for more. */
  static boolean stacked(List<CategoryChart> charts) {
    return charts.get(0).getSeriesMap().values().iterator().next().getXData().size() > 4;
  }

  /**
   * The ratio written above a run's bar, against LLM-CTR at the same text length: {@code ×} its throughput over
   * LLM-CTR's, or {@code ÷} LLM-CTR's peak memory over its own; empty on LLM-CTR's own bar and without a successful
   * LLM-CTR run there.
   */
  static String ratioLabel(VariantResult run, List<VariantResult> results, boolean throughput) {
    Optional<VariantResult> llmCtr = results.stream()
        .filter(r -> r.variant().equals("llm-ctr") && r.textLength() == run.textLength() && r.ok()).findFirst();
    if (llmCtr.isEmpty()) {
      return "";
    }
    if (llmCtr.get() == run) {
      return "";
    }
    double ratio = throughput ? run.trainSamplesPerSecond() / llmCtr.get().trainSamplesPerSecond()
        : llmCtr.get().peakRssMb() / run.peakRssMb();
    if (!Double.isFinite(ratio)) {
      return "";
    }
    return String.format(Locale.ROOT, throughput ? "×%.1f" : "÷%.1f", ratio);
  }

  private static CategoryChart panel(List<VariantResult> runs, boolean withLength, String title, String yTitle,
      ToDoubleFunction<VariantResult> measure, List<VariantResult> results, boolean throughput) {
    int width = Math.max(700, 120 * runs.size());
    CategoryChart chart = new CategoryChartBuilder().width(width).height(460).title(title).xAxisTitle("text model")
        .yAxisTitle(yTitle).build();
    ChartStyle.apply(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisDecimalPattern("#,##0.#");
    chart.getStyler().setAvailableSpaceFill(0.6);
    chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, runs.size() > 4 ? 12 : 14));
    chart.getStyler().setAnnotationTextFontColor(Color.BLACK);
    List<String> xs = runs.stream().map(r -> Charts.runLabel(r, withLength)).toList();
    List<Double> ys = new ArrayList<>();
    runs.forEach(r -> ys.add(measure.applyAsDouble(r)));
    chart.addSeries(yTitle, xs, ys).setFillColor(ChartStyle.BAR);
    double max = ys.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(max * 1.18);
    for (int i = 0; i < runs.size(); i++) {
      String ratio = ratioLabel(runs.get(i), results, throughput);
      String label = String.format(Locale.ROOT, throughput ? "%,.1f" : "%,.0f", ys.get(i))
          + (ratio.isEmpty() ? "" : " (" + ratio + ")");
      // a category chart's x data space runs from 0 to the number of categories: bar i is centred on i + 0.5
      chart.addAnnotation(new AnnotationText(label, i + 0.5, ys.get(i) + max * 0.05, false));
    }
    return chart;
  }
}
