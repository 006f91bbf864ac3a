package dev.bahe.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code bahe} command line in a child JVM with this JVM's classpath and engine settings (one PyTorch
 * thread, offline), logging at INFO to its standard error, which is copied to a log file. {@link #killAfter}
 * SIGKILLs it once a chosen number of log lines matched, as a crash or an out-of-memory kill would.
 */
final class CliProcess {

  private static final long TIMEOUT_SECONDS = 300;

  private CliProcess() {}

  /** The child's command line. */
  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.add("-Dai.djl.offline=true");
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("ai.djl.")) {
        command.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    // the command line's own logging (INFO on standard error), not the quiet one of the tests
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BaheCli.class.getName());
    command.addAll(args);
    return command;
  }

  private static Process start(List<String> args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("DJL_OFFLINE", "true");
    return pb.start();
  }

  /** Runs the command to its end and returns its exit code; its output goes to {@code log}. */
  static int run(List<String> args, Path log) throws IOException, InterruptedException {
    Process p = start(args);
    copyUntil(p, log, line -> false, 0);
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.toHandle().destroyForcibly();
      throw new AssertionError("bahe " + args.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s; see " + log);
    }
    return p.exitValue();
  }

  /**
   * Starts the command, SIGKILLs it {@code delayMillis} after the {@code matches}-th output line that satisfies
   * {@code trigger}, and returns true; false when the command ended by itself before that.
   */
  static boolean killAfter(List<String> args, Path log, Predicate<String> trigger, int matches, long delayMillis)
      throws IOException, InterruptedException {
    Process p = start(args);
    boolean triggered = copyUntil(p, log, trigger, matches);
    if (!triggered) {
      p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return false;
    }
    Thread.sleep(delayMillis);
    // SIGKILL: no shutdown hooks, no finally blocks, no flush
    p.toHandle().destroyForcibly();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("killed child did not end");
    }
    drain(p, log);
    return p.exitValue() != 0;
  }

  /** Copies output to {@code log} until {@code matches} lines satisfied {@code trigger} (or the output ends). */
  private static boolean copyUntil(Process p, Path log, Predicate<String> trigger, int matches) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int seen = 0;
    String line;
    StringBuilder copy = new StringBuilder();
    while ((line = in.readLine()) != null) {
      copy.append(line).append('\n');
      if (trigger.test(line) && ++seen >= matches && matches > 0) {
        Files.writeString(log, copy, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        return true;
      }
    }
    Files.writeString(log, copy, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return false;
  }

  /** The last {@code n} lines of {@code log}, for assertion messages. */
  static String tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void drain(Process p, Path log) throws IOException {
    Files.write(log, p.getInputStream().readAllBytes(), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
