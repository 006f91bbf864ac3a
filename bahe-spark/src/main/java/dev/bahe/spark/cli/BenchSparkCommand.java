package dev.bahe.spark.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.spark.SparkSessions;
import dev.bahe.spark.abe.AbeJob;
import dev.bahe.spark.abe.AbeSettings;
import dev.bahe.spark.input.InputReport;
import dev.bahe.spark.input.InputTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe bench spark}: ABE throughput of the Spark job at {@code local[1]} and {@code local[2]} in one run (one
 * JVM, alternating), as JSON. Each measured run is the whole job (dedupe, encode, write) after an unmeasured
 * warm-up run that loads the encoder; the encoder session stays open across runs, as it does on an executor. With
 * {@code --job score} the same for the scoring job ({@link ScoreBench}).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
    description = {"Measure Spark ABE throughput at local[1] and local[2] in one run (JSON): unique texts per"
        + " second of job time, the speed-up, and the projected single-core time for 10M texts.",
        "--job score measures the scoring job instead (impressions per second; needs --checkpoint, --history,"
            + " --abe)."})
final class BenchSparkCommand implements Callable<Integer> {

  @Mixin
  JobOptions job;

  @Mixin
  InputOptions input;

  @Spec
  CommandSpec spec;

  @Option(names = "--repeats", defaultValue = "2", paramLabel = "N",
      description = "Measured runs per master, alternating (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--partitions", defaultValue = "8", paramLabel = "N",
      description = "Encode tasks per run (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N", description = "Texts per encoder call.")
  int batchSize;

  @Option(names = "--copies", defaultValue = "8", paramLabel = "C",
      description = "Corpus size: each unique text of the dataset C times, numbered (\"text #c\"), so the runs"
          + " encode C x |H| unique texts of the dataset's lengths (default: ${DEFAULT-VALUE}).")
  int copies;

  @Option(names = "--job", defaultValue = "abe", paramLabel = "JOB",
      description = "abe (default) or score.")
  String benchedJob;

  @Option(names = "--checkpoint", paramLabel = "DIR", description = "--job score: the checkpoint.")
  Path checkpoint;

  @Option(names = "--history", paramLabel = "DIR", description = "--job score: the history table.")
  String history;

  @Option(names = "--abe", paramLabel = "DIR", description = "--job score: the ABE table.")
  String abe;

  /** One measured run. */
  record Run(String master, int cores, long texts, double seconds, double textsPerSecond) {}

  /**
   * @param runs every measured run in order
   * @param medianTextsPerSecond1 median rate at local[1]
   * @param medianTextsPerSecond2 median rate at local[2]
   * @param speedup {@code medianTextsPerSecond2 / medianTextsPerSecond1}
   * @param projectedCoreHoursFor10M {@code 10^7 / medianTextsPerSecond1 / 3600}: single-core hours for 10M texts
   * @param loadAverageBefore the 1-minute load average when the bench started
   * @param loadAverageAfter the 1-minute load average when it ended
   * @param availableProcessors cores the JVM sees
   */
  record Result(List<Run> runs, double medianTextsPerSecond1, double medianTextsPerSecond2, double speedup,
      double projectedCoreHoursFor10M, double loadAverageBefore, double loadAverageAfter, int availableProcessors) {}

  @Override
  public Integer call() throws IOException {
    if (benchedJob.equals("score")) {
      return benchScore();
    }
    if (!benchedJob.equals("abe")) {
      throw new IllegalArgumentException("--job must be abe or score, was '" + benchedJob + "'");
    }
    ExperimentConfig config = job.load();
    double loadBefore = loadAverage();
    Path out = Files.createTempDirectory("bahe-bench-spark");
    List<Run> runs = new ArrayList<>();
    List<Double> rate1 = new ArrayList<>();
    List<Double> rate2 = new ArrayList<>();
    try {
      measure("local[2]", 2, config, out, true);
      for (int r = 0; r < repeats; r++) {
        for (int cores : new int[] {1, 2}) {
          Run run = measure("local[" + cores + "]", cores, config, out, false);
          runs.add(run);
          (cores == 1 ? rate1 : rate2).add(run.textsPerSecond());
          spec.commandLine().getErr().printf("%s: %d texts in %.1f s, %.0f texts/s%n", run.master(), run.texts(),
              run.seconds(), run.textsPerSecond());
        }
      }
    } finally {
      deleteRecursively(out);
    }
    double m1 = median(rate1);
    double m2 = median(rate2);
    job.report(spec.commandLine().getOut(), new Result(runs, m1, m2, m1 > 0 ? m2 / m1 : 0,
        m1 > 0 ? 1e7 / m1 / 3600 : 0, loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
    return 0;
  }

  private int benchScore() throws IOException {
    if (checkpoint == null || history == null || abe == null) {
      throw new IllegalArgumentException("--job score needs --checkpoint, --history and --abe");
    }
    Path out = Files.createTempDirectory("bahe-bench-spark-score");
    try {
      ScoreBench bench = new ScoreBench(ScoreBench.inputs(checkpoint, history, abe, input.dataPath, input.format),
          partitions, batchSize, job.shufflePartitions);
      ScoreBench.Result r = bench.run(repeats, out, run -> spec.commandLine().getErr().printf(
          "%s: %d impressions, %d items in %.1f s, %.1f impressions/s%n", run.master(), run.impressions(),
          run.items(), run.seconds(), run.impressionsPerSecond()));
      job.report(spec.commandLine().getOut(), r);
    } finally {
      deleteRecursively(out);
    }
    return 0;
  }

  private Run measure(String master, int cores, ExperimentConfig config, Path out, boolean warmup) {
    SparkSession spark = SparkSessions.create("bahe-bench-spark", master, job.shufflePartitions);
    try {
      InputTables tables = corpus(spark, input.read(spark));
      AbeJob.Result r = AbeJob.run(spark, tables, config.backbone(), config.encoder(),
          new AbeSettings(partitions, batchSize, -1, true), out.resolve("abe").toString());
      return warmup ? null : new Run(master, cores, r.info().rows(), r.seconds(), r.textsPerSecond());
    } finally {
      spark.stop();
    }
  }

  /**
   * The bench corpus: the dataset's unique texts, each {@code copies} times with its copy number appended, as the
   * items of a dataset without behaviours; materialised before the measured job reads it.
   */
  private InputTables corpus(SparkSession spark, InputTables data) {
    Dataset<Row> texts = data.behaviors().select("text").union(data.items().select("text")).distinct()
        .crossJoin(spark.range(copies).toDF("copy"))
        .select(concat(col("text"), lit(" #"), col("copy")).as("text"))
        .withColumn("item_id", col("text"))
        .withColumn("file", lit("bench"))
        .withColumn("line", lit(0L))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long n = texts.count();
    Dataset<Row> noBehaviors = data.behaviors().limit(0);
    InputReport r = data.report();
    InputReport report = new InputReport(r.location() + " x" + copies, n, 0, 0, r.skippedRows(),
        r.skippedExamples(), 0, List.of(), 0);
    return new InputTables(texts, noBehaviors, data.impressions().limit(0), data.types(), report);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
