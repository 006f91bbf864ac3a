package dev.bahe.examples.cli;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The library's default ASCII bar with two changes: the extra message is set off from the speed by {@code " | "}
 * (the default glues it on: {@code 1.9 steps/sepoch 2}), and a state already rendered (same progress, maximum and
 * message) renders to the same text as before, so that the consumers can drop repeats although the elapsed time
 * moved on.
 */
final class ProgressRenderer extends DefaultProgressBarRenderer {

  private Object lastState;
  private String lastText;

  /** @param unit the unit after the counts and in the speed, with its leading space, e.g. {@code " steps"} */
  ProgressRenderer(String unit) {
    super(ProgressBarStyle.ASCII, unit, 1, true, new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(
        Locale.ROOT)), ChronoUnit.SECONDS, true, ProgressRenderer::linearEta);
  }

  @Override
  public synchronized String render(ProgressState progress, int maxLength) {
    Object state = java.util.List.of(progress.getCurrent(), progress.getMax(), progress.getExtraMessage(),
        maxLength);
    if (!Objects.equals(state, lastState)) {
      lastState = state;
      lastText = super.render(progress, maxLength);
    }
    return lastText;
  }

  @Override
  protected String speed(ProgressState progress) {
    String speed = super.speed(progress);
    return progress.getExtraMessage().isEmpty() ? speed : speed + " | ";
  }

  /** Remaining time at the average speed so far; unknown before the first unit. */
  static Optional<Duration> linearEta(ProgressState progress) {
    long done = progress.getCurrent() - progress.getStart();
    if (progress.getMax() <= 0 || progress.isIndefinite() || done <= 0) {
      return Optional.empty();
    }
    return Optional.of(progress.getElapsedAfterStart().dividedBy(done)
        .multipliedBy(Math.max(0, progress.getMax() - progress.getCurrent())));
  }
}
