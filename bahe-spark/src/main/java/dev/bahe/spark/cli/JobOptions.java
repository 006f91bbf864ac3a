package dev.bahe.spark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * Options every Spark command shares: the master, the experiment configuration ({@code --config}, {@code --set},
 * the same keys as every other {@code bahe} command) and a JSON results file.
 */
public final class JobOptions {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[2]. Default: what spark-submit configured, else local[*].")
  String master;

  @Option(names = "--shuffle-partitions", defaultValue = "8", paramLabel = "N",
      description = "spark.sql.shuffle.partitions of a local session (default: ${DEFAULT-VALUE}).")
  int shufflePartitions;

  @Option(names = "--config", paramLabel = "FILE", description = "Experiment configuration (YAML).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path json;

  ExperimentConfig load() {
    return new ConfigLoader().load(config, overrides);
  }

  /** The session: the given master, else spark-submit's ({@code spark.master}), else {@code local[*]}. */
  SparkSession session(String appName) {
    String m = master;
    if (m == null) {
      m = System.getProperty("spark.master") != null ? null : "local[*]";
    }
    return SparkSessions.create(appName, m, shufflePartitions);
  }

  /** Prints {@code result} as JSON and writes it to {@code --json} when given. */
  void report(PrintWriter out, Object result) {
    try {
      String text = JSON.writeValueAsString(result);
      out.println(text);
      out.flush();
      if (json != null) {
        JSON.writeValue(json.toFile(), result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results", e);
    }
  }
}
