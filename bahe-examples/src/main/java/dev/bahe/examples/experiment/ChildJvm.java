package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with this JVM's classpath, so that each measured variant has its own process
 * and its peak memory is its own. Output goes to a log file.
 */
final class ChildJvm {

  private final String heap;

  ChildJvm(String heap) {
    this.heap = heap;
  }

  /**
   * Runs {@code mainClass} with {@code args}, waits at most {@code timeoutMinutes}, and returns the exit code
   * (or -1 when it was killed for running too long).
   */
  int run(Class<?> mainClass, List<String> args, Path log, long timeoutMinutes) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      return -1;
    }
    return process.exitValue();
  }
}
