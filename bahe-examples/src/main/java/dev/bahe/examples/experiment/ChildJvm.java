package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with this JVM's classpath, so that each measured variant has its own process
 * and its peak memory is its own. Output goes to a log file.
 *
 * <p>The engine settings of this JVM (every {@code ai.djl.*} system property, e.g. {@code ai.djl.offline},
 * {@code ai.djl.pytorch.num_threads}, {@code ai.djl.pytorch.graph_optimizer}) are passed on, so that a measured
 * run uses the settings the experiment was started with; {@code ai.djl.offline} defaults to {@code true}.
 */
final class ChildJvm {

  private static final String ENGINE_PREFIX = "ai.djl.";

  private final String heap;
  private final SortedMap<String, String> systemProperties;

  /**
   * @param heap maximum Java heap of each child, e.g. {@code "6g"}
   * @param systemProperties {@code -D} settings of each child, passed in key order
   */
  ChildJvm(String heap, Map<String, String> systemProperties) {
    this.heap = heap;
    this.systemProperties = Collections.unmodifiableSortedMap(new TreeMap<>(systemProperties));
  }

  /** A child launcher that passes on this JVM's engine settings. */
  static ChildJvm inheritingEngineSettings(String heap) {
    return new ChildJvm(heap, engineSettings(System.getProperties()));
  }

  /** The {@code ai.djl.*} entries of {@code properties}, sorted, with {@code ai.djl.offline=true} unless set. */
  static Map<String, String> engineSettings(Properties properties) {
    Map<String, String> settings = new TreeMap<>();
    settings.put("ai.djl.offline", "true");
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(ENGINE_PREFIX)) {
        settings.put(key, properties.getProperty(key));
      }
    }
    return settings;
  }

  /** The command line that runs {@code mainClass} with {@code args}. */
  List<String> command(Class<?> mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return command;
  }

  /**
   * Runs {@code mainClass} with {@code args}, waits at most {@code timeoutMinutes}, and returns the exit code
   * (or -1 when it was killed for running too long).
   */
  int run(Class<?> mainClass, List<String> args, Path log, long timeoutMinutes) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command(mainClass, args))
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
