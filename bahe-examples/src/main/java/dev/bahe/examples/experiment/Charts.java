package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The AUC charts of an experiment. {@code auc.png}: one bar per text model run (variant and text length) with its
 * test AUC (written in its axis label), and every baseline without text ({@code oracle} — the Bayes ceiling — {@code stats}, {@code dnn-id},
 * {@code dnn}) as a labelled dashed horizontal line across them, the y axis fitted to the values so that a
 * difference of 0.01 is visible. {@code auc-by-length.png}: for a length sweep, test AUC against {@code T}, the
 * baselines again as dashed lines. A run that failed has no bar; the x axis title names it.
 */
final class Charts {

  private Charts() {}

  /** Writes the AUC chart ({@link #aucChart}); returns the file. */
  static Path auc(List<VariantResult> results, List<String> variantOrder, Path file) throws IOException {
    BitmapEncoder.saveBitmap(aucChart(results, variantOrder), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /**
   * The AUC chart: bars for the successful text runs (all baselines as bars when no text model ran), reference
   * lines for the baselines.
   */
  static CategoryChart aucChart(List<VariantResult> results, List<String> variantOrder) {
    List<VariantResult> text = textRuns(results, variantOrder);
    List<VariantResult> references = references(results, variantOrder);
    TreeSet<Integer> lengths = text.stream().map(VariantResult::textLength)
        .collect(Collectors.toCollection(TreeSet::new));
    String title = text.isEmpty() ? "Test AUC of the baselines without text"
        : lengths.size() == 1 ? "Test AUC at T = " + lengths.first() : "Test AUC by variant and text length";
    List<String> failed = results.stream().filter(r -> !r.ok() || !Double.isFinite(r.auc()))
        .map(r -> runLabel(r, true)).toList();
    String xTitle = text.isEmpty() ? "baseline" : "text model";
    if (!failed.isEmpty()) {
      xTitle += " (no bar, failed: " + String.join(", ", failed) + ")";
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title).xAxisTitle(xTitle)
        .yAxisTitle("test AUC").build();
    ChartStyle.apply(chart.getStyler());
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    chart.getStyler().setAvailableSpaceFill(0.6);
    List<VariantResult> bars = text.isEmpty() ? references : text;
    if (bars.isEmpty()) {
      chart.addSeries("no successful run", List.of("none"), List.of(0.5));
      return chart;
    }
    // each bar's value is part of its axis label, where no reference line can cross it
    List<String> xs = bars.stream().map(r -> String.format(Locale.ROOT, "%s: %.4f", runLabel(r, lengths.size() > 1),
        r.auc())).toList();
    if (xs.size() > 5) {
      chart.getStyler().setXAxisLabelRotation(20);
    }
    List<Double> ys = bars.stream().map(VariantResult::auc).toList();
    CategorySeries barSeries = chart.addSeries(text.isEmpty() ? "test AUC" : "text models (test AUC)", xs, ys);
    barSeries.setFillColor(ChartStyle.BAR);
    List<Double> values = new ArrayList<>(ys);
    if (!text.isEmpty()) {
      for (VariantResult ref : references) {
        List<Double> flat = xs.stream().map(x -> ref.auc()).toList();
        CategorySeries line = chart.addSeries(
            String.format(Locale.ROOT, "%s %.3f", ChartStyle.referenceName(ref.variant()), ref.auc()), xs, flat);
        line.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line);
        line.setLineColor(ChartStyle.referenceColour(ref.variant()));
        line.setLineStyle(ChartStyle.dashed());
        // a line through one category is a point: mark it
        line.setMarker(xs.size() == 1 ? SeriesMarkers.DIAMOND : SeriesMarkers.NONE);
        line.setMarkerColor(ChartStyle.referenceColour(ref.variant()));
        values.add(ref.auc());
      }
    }
    double[] range = fittedRange(values);
    chart.getStyler().setYAxisMin(range[0]);
    chart.getStyler().setYAxisMax(range[1]);
    return chart;
  }

  /**
   * Writes test AUC against the text length {@code T}, one line per text variant over the measured lengths (evenly
   * spaced, so doubling steps are equal), and each baseline without text (the oracle among them) as a dashed
   * horizontal line across them, so a reader sees at a glance where each text model stands between the floor and
   * the ceiling; the y axis is fitted to the values. Returns the file, or nothing when the results hold fewer than
   * two successful text lengths.
   */
  static Optional<Path> aucByTextLength(List<VariantResult> results, List<String> variantOrder, Path file)
      throws IOException {
    Optional<CategoryChart> chart = aucByTextLengthChart(results, variantOrder);
    if (chart.isEmpty()) {
      return Optional.empty();
    }
    BitmapEncoder.saveBitmap(chart.get(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Optional.of(file);
  }

  /** The chart of {@link #aucByTextLength}, or nothing with fewer than two successful text lengths. */
  static Optional<CategoryChart> aucByTextLengthChart(List<VariantResult> results, List<String> variantOrder) {
    TreeSet<Integer> lengths = new TreeSet<>();
    results.stream().filter(r -> r.textLength() > 0 && r.ok()).forEach(r -> lengths.add(r.textLength()));
    if (lengths.size() < 2) {
      return Optional.empty();
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Test AUC against the text length T")
        .xAxisTitle("T (tokens of behaviour text)").yAxisTitle("test AUC").build();
    ChartStyle.apply(chart.getStyler());
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    List<String> xs = lengths.stream().map(String::valueOf).toList();
    List<Double> values = new ArrayList<>();
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
          values.add(y);
        }
      }
      String name = baseline ? String.format(Locale.ROOT, "%s %.3f", ChartStyle.referenceName(variant),
          points.get(0).auc()) : variant;
      CategorySeries series = chart.addSeries(name, xs, ys);
      if (baseline) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(ChartStyle.referenceColour(variant));
        series.setLineStyle(ChartStyle.dashed());
      } else {
        ChartStyle.textColour(variant).ifPresent(c -> {
          series.setLineColor(c);
          series.setMarkerColor(c);
        });
        ChartStyle.textMarker(variant).ifPresent(series::setMarker);
      }
    }
    double[] range = fittedRange(values);
    chart.getStyler().setYAxisMin(range[0]);
    chart.getStyler().setYAxisMax(range[1]);
    return Optional.of(chart);
  }

  /**
   * A y range around {@code values}: a margin of a tenth of their spread (at least 0.01) on both sides, kept
   * within [0, 1].
   */
  static double[] fittedRange(List<Double> values) {
    double low = values.stream().mapToDouble(Double::doubleValue).min().orElse(0.5);
    double high = values.stream().mapToDouble(Double::doubleValue).max().orElse(0.5);
    double pad = Math.max(0.01, 0.1 * (high - low));
    return new double[] {Math.max(0, low - pad), Math.min(1, high + pad)};
  }

  /** Successful text runs with an AUC: by text length, then in variant order. */
  static List<VariantResult> textRuns(List<VariantResult> results, List<String> variantOrder) {
    return results.stream().filter(r -> r.textLength() > 0 && r.ok() && Double.isFinite(r.auc()))
        .sorted(Comparator.comparingInt(VariantResult::textLength)
            .thenComparingInt(r -> rank(variantOrder, r.variant())))
        .toList();
  }

  /** Successful baselines without text with an AUC, in variant order. */
  static List<VariantResult> references(List<VariantResult> results, List<String> variantOrder) {
    return results.stream().filter(r -> r.textLength() == 0 && r.ok() && Double.isFinite(r.auc()))
        .sorted(Comparator.comparingInt(r -> rank(variantOrder, r.variant()))).toList();
  }

  /** A run's name in charts: the variant, with its text length when lengths differ. */
  static String runLabel(VariantResult r, boolean withLength) {
    return withLength && r.textLength() > 0 ? r.variant() + " T=" + r.textLength() : r.variant();
  }

  private static int rank(List<String> order, String variant) {
    int i = order.indexOf(variant);
    return i < 0 ? Integer.MAX_VALUE : i;
  }
}
