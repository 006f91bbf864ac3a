package dev.bahe.examples.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The look every experiment chart shares: white background, legend below, one fixed colour per baseline and one
 * fixed colour and marker per ablation variant, so that a variant looks the same in every chart and no line is
 * drawn in a colour that vanishes on white.
 */
final class ChartStyle {

  /** Colour of the text models' bars. */
  static final Color BAR = new Color(66, 104, 196);

  private static final Map<String, Color> REFERENCE_COLOURS = Map.of(
      PlannedRun.ORACLE, new Color(200, 30, 30),
      PlannedRun.STATS, new Color(30, 140, 60),
      PlannedRun.DNN_ID, new Color(120, 120, 120),
      PlannedRun.DNN, new Color(230, 140, 0));

  private static final Map<String, Color> TEXT_COLOURS = Map.of(
      "llm-ctr", new Color(150, 50, 170),
      "fp", new Color(0, 140, 150),
      "abe", new Color(140, 90, 40),
      "bahe", BAR);

  private static final Map<String, Marker> TEXT_MARKERS = Map.of(
      "llm-ctr", SeriesMarkers.DIAMOND,
      "fp", SeriesMarkers.SQUARE,
      "abe", SeriesMarkers.TRIANGLE_DOWN,
      "bahe", SeriesMarkers.CIRCLE);

  private ChartStyle() {}

  /** The colour of an ablation variant's line, or none for another text model (the chart's own colour). */
  static Optional<Color> textColour(String variant) {
    return Optional.ofNullable(TEXT_COLOURS.get(variant));
  }

  /** The marker of an ablation variant's points, or none for another text model. */
  static Optional<Marker> textMarker(String variant) {
    return Optional.ofNullable(TEXT_MARKERS.get(variant));
  }

  static void apply(AxesChartStyler styler) {
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
  }

  /** The colour of a reference line (a baseline without text), grey for an unknown one. */
  static Color referenceColour(String variant) {
    return REFERENCE_COLOURS.getOrDefault(variant, Color.DARK_GRAY);
  }

  /** A dashed stroke for reference lines. */
  static BasicStroke dashed() {
    return new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 5f}, 0f);
  }

  /** How a baseline is named in legends: the oracle says what it is. */
  static String referenceName(String variant) {
    return variant.equals(PlannedRun.ORACLE) ? "oracle (Bayes ceiling)" : variant;
  }
}
