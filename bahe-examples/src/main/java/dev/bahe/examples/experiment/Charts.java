package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of an experiment's results: one grouped bar chart per measure, variants on the x axis, one series per
 * text length, and for a length sweep test AUC against {@code T}. A baseline without text (text length 0) has the same bar in every series; with no text run at all
 * there is one series, "no text".
 */
final class Charts {

  private Charts() {}

  /** Writes a grouped bar chart of {@code measure} by variant, one series per text length; returns the file. */
  static Path bars(List<VariantResult> results, List<String> variantOrder, String title, String yLabel,
      ToDoubleFunction<VariantResult> measure, Path file) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("variant").yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("#,##0.###");
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    TreeSet<Integer> lengths = new TreeSet<>();
    results.stream().filter(r -> r.textLength() > 0).forEach(r -> lengths.add(r.textLength()));
    if (lengths.isEmpty()) {
      lengths.add(0);
    }
    for (int length : lengths) {
      List<String> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (String variant : variantOrder) {
        double value = results.stream()
            .filter(r -> r.variant().equals(variant) && (r.textLength() == length || r.textLength() == 0) && r.ok())
            .mapToDouble(measure).findFirst().orElse(Double.NaN);
        xs.add(variant);
        ys.add(Double.isFinite(value) ? value : 0.0);
      }
      chart.addSeries(length > 0 ? "T=" + length : "no text", xs, ys);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /**
   * Writes test AUC against the text length {@code T}, one line per text variant over the measured lengths (evenly
   * spaced, so doubling steps are equal), and each baseline without text as a dashed horizontal line across them,
   * so a reader sees at a glance where each text model stands against the floor; the y axis is fitted to the values.
   * Returns the file, or nothing when the results hold fewer than two successful text lengths.
   */
  static Optional<Path> aucByTextLength(List<VariantResult> results, List<String> variantOrder, Path file)
      throws IOException {
    TreeSet<Integer> lengths = new TreeSet<>();
    results.stream().filter(r -> r.textLength() > 0 && r.ok()).forEach(r -> lengths.add(r.textLength()));
    if (lengths.size() < 2) {
      return Optional.empty();
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Test AUC against the text length T")
        .xAxisTitle("T (tokens of behaviour text)").yAxisTitle("test AUC").build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    List<String> xs = lengths.stream().map(String::valueOf).toList();
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (String variant : variantOrder) {
      List<VariantResult> points = results.stream()
          .filter(r -> r.variant().equals(variant) && r.ok() && Double.isFinite(r.auc())).toList();
      if (points.isEmpty()) {
        continue;
      }
      boolean baseline = points.stream().allMatch(r -> r.textLength() == 0);
      List<Double> ys = new ArrayList<>();
      for (int length : lengths) {
        double y = baseline ? points.get(0).auc() : points.stream().filter(r -> r.textLength() == length)
            .mapToDouble(VariantResult::auc).findFirst().orElse(Double.NaN);
        ys.add(y);
        if (Double.isFinite(y)) {
          low = Math.min(low, y);
          high = Math.max(high, y);
        }
      }
      CategorySeries series = chart.addSeries(variant, xs, ys);
      if (baseline) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
            java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
      }
    }
    double pad = Math.max(0.005, 0.1 * (high - low));
    chart.getStyler().setYAxisMin(low - pad);
    chart.getStyler().setYAxisMax(high + pad);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Optional.of(file);
  }
}
