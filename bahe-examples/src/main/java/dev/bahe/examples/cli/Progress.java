package dev.bahe.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress bars for long work, one line per update, never the same line twice, never run together with a log line.
 *
 * <p>When standard error is a terminal the bar redraws in place ({@code \r}) every half second; while it is drawn,
 * standard error is routed through the bar's {@link TerminalProgressLine}, so a log line written meanwhile first
 * ends the bar's line instead of being glued onto it, and the bar's final state is ended with one newline. When
 * standard error is a file or a pipe (a log file, a child JVM of an experiment) each update is a log line of its
 * own, every 10 seconds. In both modes an update identical to the one before is not written again: the progress
 * bar library renders its final state twice when it closes.
 */
final class Progress {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bahe.progress");

  /** Width of a progress line in a log: nothing is redrawn there, so it need not fit a terminal. */
  private static final int LOG_LINE_WIDTH = 160;

  /**
   * Where a bar goes.
   *
   * @param terminal whether {@code stream} is a terminal (redraw in place) or not (one log line per update)
   * @param stream the terminal stream, used when {@code terminal}
   * @param logLines receives one complete line per update when not {@code terminal}
   * @param routeStandardError whether standard error goes through the bar's line while it is drawn (so that log
   *     lines end the bar's line first); set when {@code stream} is standard error
   * @param width the terminal's width in characters, 0 to ask the terminal (a longer line would wrap, and a
   *     wrapped line cannot be redrawn in place)
   */
  record Output(boolean terminal, PrintStream stream, Consumer<String> logLines, boolean routeStandardError,
      int width) {

    Output {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(logLines, "logLines");
    }

    /** Standard error, as a terminal when it is one, else as log lines. */
    static Output standardError() {
      return new Output(standardErrorIsTerminal(), System.err, LOG::info, true, 0);
    }
  }

  private Progress() {}

  /** A bar named {@code task} with {@code max} units of {@code unit} on standard error; close it when done. */
  static ProgressBar bar(String task, long max, String unit) {
    return bar(task, max, unit, Output.standardError());
  }

  /** A bar named {@code task} with {@code max} units of {@code unit} on {@code output}; close it when done. */
  static ProgressBar bar(String task, long max, String unit, Output output) {
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setRenderer(new ProgressRenderer(" " + unit));
    if (output.terminal()) {
      // the library's console consumer knows the terminal's width
      int width = output.width() > 0 ? output.width()
          : new ConsoleProgressBarConsumer(output.stream()).getMaxRenderedLength();
      b.setConsumer(TerminalProgressLine.open(output.stream(), output.routeStandardError(), width))
          .setUpdateIntervalMillis(500);
    } else {
      b.setConsumer(new DelegatingProgressBarConsumer(distinct(output.logLines()), LOG_LINE_WIDTH))
          .setUpdateIntervalMillis(10_000);
    }
    return b.build();
  }

  /** {@code lines} without a line equal to the one before it. */
  static Consumer<String> distinct(Consumer<String> lines) {
    return new Consumer<>() {
      private String last;

      @Override
      public synchronized void accept(String line) {
        if (!line.equals(last)) {
          last = line;
          lines.accept(line);
        }
      }
    };
  }

  /**
   * Whether standard error is a terminal: on Linux, whether file descriptor 2 is a terminal device (so that
   * {@code 2> log} counts as a file even when the command runs from a terminal); elsewhere whether the JVM has a
   * console.
   */
  static boolean standardErrorIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.exists(fd)) {
        return isTerminalDevice(Files.readSymbolicLink(fd).toString());
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // fall through to the console check
    }
    return System.console() != null;
  }

  /** Whether {@code device} (the target of a file descriptor) names a terminal. */
  static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
  }
}
