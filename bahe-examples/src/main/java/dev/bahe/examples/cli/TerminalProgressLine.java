package dev.bahe.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A progress bar's line on a terminal: each update redraws the line in place ({@code \r}, padded to wipe a longer
 * previous text), an update equal to the last one drawn is skipped, and closing ends the line with one newline.
 *
 * <p>The line shares the terminal with log lines. When opened with routing, standard error goes through this line
 * until it is closed: a write from anyone else (a log line) first ends the bar's line with a newline, so the log line
 * starts a line of its own, and the next update draws the bar again below it. The previous standard error comes back
 * on close.
 */
final class TerminalProgressLine extends OutputStream implements ProgressBarConsumer {

  private final PrintStream terminal;
  private final PrintStream previousStandardError;
  private final PrintStream routed;
  private final int width;
  private String lastDrawn;
  private int lastWidth;
  private boolean lineOpen;
  private boolean closed;

  private TerminalProgressLine(PrintStream terminal, boolean routeStandardError, int width) {
    this.terminal = terminal;
    this.width = width;
    this.routed = new PrintStream(this, true, StandardCharsets.UTF_8);
    this.previousStandardError = routeStandardError ? System.err : null;
  }

  /**
   * A line of at most {@code width} characters on {@code terminal}; with {@code routeStandardError}, standard error
   * goes through it until it is closed.
   */
  static TerminalProgressLine open(PrintStream terminal, boolean routeStandardError, int width) {
    TerminalProgressLine line = new TerminalProgressLine(terminal, routeStandardError, width);
    if (routeStandardError) {
      System.setErr(line.routed);
    }
    return line;
  }

  @Override
  public int getMaxRenderedLength() {
    return width;
  }

  @Override
  public synchronized void accept(String rendered) {
    if (closed || rendered.isEmpty() || rendered.equals(lastDrawn)) {
      return;
    }
    StringBuilder line = new StringBuilder("\r").append(rendered);
    if (lineOpen) {
      line.append(" ".repeat(Math.max(0, lastWidth - rendered.length())));
    }
    terminal.print(line);
    terminal.flush();
    lastDrawn = rendered;
    lastWidth = rendered.length();
    lineOpen = true;
  }

  /** The library's "clear the display" would wipe the final state: the final line stays. */
  @Override
  public void clear() {}

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    endLine();
    closed = true;
    if (previousStandardError != null && System.err == routed) {
      System.setErr(previousStandardError);
    }
  }

  // writes by others (log lines routed from standard error)

  @Override
  public synchronized void write(int b) throws IOException {
    endLine();
    terminal.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    endLine();
    terminal.write(b, off, len);
  }

  @Override
  public synchronized void flush() {
    terminal.flush();
  }

  /** Ends the bar's line, if drawn, with one newline. */
  private void endLine() {
    if (lineOpen) {
      terminal.print('\n');
      terminal.flush();
      lineOpen = false;
    }
  }
}
