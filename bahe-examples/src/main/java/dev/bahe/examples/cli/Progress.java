package dev.bahe.examples.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress bars for long work. On a terminal the bar redraws in place on standard error; when the output is
 * redirected (a log file, a child JVM of an experiment) it becomes a log line every 10 seconds instead, so logs
 * stay readable.
 */
final class Progress {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bahe.progress");

  private Progress() {}

  /** A bar named {@code task} with {@code max} units of {@code unit}; close it when done. */
  static ProgressBar bar(String task, long max, String unit) {
    boolean terminal = System.console() != null;
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII);
    if (terminal) {
      b.setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500);
    } else {
      b.setConsumer(new DelegatingProgressBarConsumer(LOG::info, 120)).setUpdateIntervalMillis(10_000);
    }
    return b.build();
  }
}
