package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * PNG charts of an experiment's results: one grouped bar chart per measure, variants on the x axis, one series per
 * text length. A baseline without text (text length 0) has the same bar in every series; with no text run at all
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
}
