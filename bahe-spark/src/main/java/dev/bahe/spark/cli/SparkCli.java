package dev.bahe.spark.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Spark commands of {@code bahe}: {@code bahe spark abe|history|score}, {@code bahe store import} and
 * {@code bahe bench spark}. The {@code ./bahe} launcher runs this class (with Spark on the classpath) for those
 * commands; on a cluster it is the main class given to {@code spark-submit}.
 */
@Command(name = "bahe", mixinStandardHelpOptions = true,
    description = "BAHE on Apache Spark.",
    subcommands = {SparkCli.Spark.class, SparkCli.Store.class, SparkCli.Bench.class,
        CommandLine.HelpCommand.class})
public final class SparkCli implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new SparkCli());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("bahe: " + line.getCommandName() + ": " + e.getMessage());
      return 1;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return 2;
  }

  /** {@code bahe spark}: the Spark jobs. */
  @Command(name = "spark", mixinStandardHelpOptions = true, description = "Spark jobs: abe, history, score.",
      subcommands = {SparkAbeCommand.class, SparkHistoryCommand.class, SparkScoreCommand.class})
  static final class Spark implements Callable<Integer> {
    @Override
    public Integer call() {
      CommandLine.usage(this, System.err);
      return 2;
    }
  }

  /** {@code bahe store}: store maintenance. */
  @Command(name = "store", mixinStandardHelpOptions = true, description = "Behaviour stores: import.",
      subcommands = {StoreImportCommand.class})
  static final class Store implements Callable<Integer> {
    @Override
    public Integer call() {
      CommandLine.usage(this, System.err);
      return 2;
    }
  }

  /** {@code bahe bench}: the Spark benchmark. */
  @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: spark.",
      subcommands = {BenchSparkCommand.class})
  static final class Bench implements Callable<Integer> {
    @Override
    public Integer call() {
      CommandLine.usage(this, System.err);
      return 2;
    }
  }
}
