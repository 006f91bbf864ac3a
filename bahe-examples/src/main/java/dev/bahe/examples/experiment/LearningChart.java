package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code learning.png}: how each run learned, from the {@link LearningCurve}s in its results. Left, the training
 * loss per optimizer step, smoothed by a trailing mean over a tenth of the longest run's steps (1 to 50 steps), one
 * line per run; right, the validation AUC after each epoch, one line per run.
 */
final class LearningChart {

  private LearningChart() {}

  /** Writes the two panels side by side; nothing when no run recorded a curve. */
  static Optional<Path> write(List<VariantResult> results, List<String> variantOrder, Path file) throws IOException {
    Optional<List<XYChart>> charts = charts(results, variantOrder);
    if (charts.isEmpty()) {
      return Optional.empty();
    }
    BitmapEncoder.saveBitmap(charts.get(), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Optional.of(file);
  }

  /** The loss and validation AUC panels, or nothing when no run recorded a curve. */
  static Optional<List<XYChart>> charts(List<VariantResult> results, List<String> variantOrder) {
    List<VariantResult> runs = new ArrayList<>();
    runs.addAll(Charts.references(results, variantOrder));
    runs.addAll(Charts.textRuns(results, variantOrder));
    runs.removeIf(r -> r.learning().isEmpty());
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    boolean withLength = runs.stream().map(VariantResult::textLength).filter(t -> t > 0).distinct().count() > 1;
    int longest = runs.stream().mapToInt(r -> r.learning().steps().size()).max().orElse(0);
    int window = smoothingWindow(longest);

    XYChart loss = new XYChartBuilder().width(700).height(460)
        .title(window > 1 ? "Training loss per step (mean of the last " + window + " steps)" : "Training loss per step")
        .xAxisTitle("optimizer step").yAxisTitle("BCE loss").build();
    ChartStyle.apply(loss.getStyler());
    loss.getStyler().setMarkerSize(0);
    loss.getStyler().setXAxisDecimalPattern("#,##0");
    loss.getStyler().setYAxisDecimalPattern("0.000");

    XYChart auc = new XYChartBuilder().width(700).height(460).title("Validation AUC after each epoch")
        .xAxisTitle("epoch").yAxisTitle("validation AUC").build();
    ChartStyle.apply(auc.getStyler());
    auc.getStyler().setMarkerSize(9);
    auc.getStyler().setXAxisDecimalPattern("0");
    auc.getStyler().setYAxisDecimalPattern("0.000");

    List<Double> aucValues = new ArrayList<>();
    TreeSet<Integer> epochs = new TreeSet<>();
    boolean anyLoss = false;
    boolean anyAuc = false;
    for (VariantResult r : runs) {
      String name = Charts.runLabel(r, withLength);
      List<LearningCurve.StepPoint> steps = r.learning().steps();
      if (!steps.isEmpty()) {
        double[] xs = steps.stream().mapToDouble(LearningCurve.StepPoint::step).toArray();
        double[] ys = trailingMean(steps.stream().mapToDouble(LearningCurve.StepPoint::loss).toArray(), window);
        XYSeries s = loss.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        styleBaseline(s, r);
        anyLoss = true;
      }
      List<LearningCurve.EpochPoint> points = r.learning().epochs().stream()
          .filter(e -> Double.isFinite(e.validAuc())).toList();
      if (!points.isEmpty()) {
        double[] xs = points.stream().mapToDouble(LearningCurve.EpochPoint::epoch).toArray();
        double[] ys = points.stream().mapToDouble(LearningCurve.EpochPoint::validAuc).toArray();
        XYSeries s = auc.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        styleBaseline(s, r);
        points.forEach(e -> {
          aucValues.add(e.validAuc());
          epochs.add(e.epoch());
        });
        anyAuc = true;
      }
    }
    if (!anyLoss) {
      loss.addSeries("no training steps recorded", new double[] {0}, new double[] {0});
    }
    if (!anyAuc) {
      auc.addSeries("no validation recorded", new double[] {1}, new double[] {0.5});
    } else {
      double[] range = Charts.fittedRange(aucValues);
      auc.getStyler().setYAxisMin(range[0]);
      auc.getStyler().setYAxisMax(range[1]);
      auc.getStyler().setXAxisMin(epochs.first() - 0.5);
      auc.getStyler().setXAxisMax(epochs.last() + 0.5);
    }
    return Optional.of(List.of(loss, auc));
  }

  /** A tenth of the longest run's steps, from 1 (no smoothing) to 50. */
  static int smoothingWindow(int steps) {
    return Math.max(1, Math.min(50, Math.round(steps / 10f)));
  }

  /** Each value replaced by the mean of it and the {@code window - 1} values before it (fewer at the start). */
  static double[] trailingMean(double[] values, int window) {
    double[] out = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i];
      if (i >= window) {
        sum -= values[i - window];
      }
      out[i] = sum / Math.min(i + 1, window);
    }
    return out;
  }

  /** A baseline's curve is dashed in its reference colour, so it reads as a baseline next to the text models. */
  private static void styleBaseline(XYSeries s, VariantResult r) {
    if (r.textLength() == 0) {
      s.setLineColor(ChartStyle.referenceColour(r.variant()));
      s.setMarkerColor(ChartStyle.referenceColour(r.variant()));
      s.setLineStyle(ChartStyle.dashed());
    }
  }
}
