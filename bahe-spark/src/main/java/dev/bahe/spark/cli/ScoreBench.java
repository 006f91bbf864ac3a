package dev.bahe.spark.cli;

import dev.bahe.spark.SparkSessions;
import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.score.ScoreJob;
import dev.bahe.spark.score.ScoreSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The scoring job's throughput at {@code local[1]} and {@code local[2]} in one run (one JVM, alternating, after an
 * unmeasured warm-up run that opens the model): each measured run is the whole job (checks, joins, scoring of every
 * impression and item, writing). The scoring model stays open across runs, as it does on an executor.
 */
final class ScoreBench {

  /** One measured run. */
  record Run(String master, int cores, long impressions, long items, double seconds, double impressionsPerSecond) {}

  /**
   * @param runs every measured run in order
   * @param medianImpressionsPerSecond1 median rate at local[1]
   * @param medianImpressionsPerSecond2 median rate at local[2]
   * @param speedup {@code medianImpressionsPerSecond2 / medianImpressionsPerSecond1}
   * @param loadAverageBefore the 1-minute load average when the bench started
   * @param loadAverageAfter the 1-minute load average when it ended
   * @param availableProcessors cores the JVM sees
   */
  record Result(List<Run> runs, double medianImpressionsPerSecond1, double medianImpressionsPerSecond2,
      double speedup, double loadAverageBefore, double loadAverageAfter, int availableProcessors) {}

  private final ScoreJob.Inputs inputs;
  private final int partitions;
  private final int batchSize;
  private final int shufflePartitions;

  ScoreBench(ScoreJob.Inputs inputs, int partitions, int batchSize, int shufflePartitions) {
    this.inputs = inputs;
    this.partitions = partitions;
    this.batchSize = batchSize;
    this.shufflePartitions = shufflePartitions;
  }

  /** Runs the bench, writing into {@code out}; {@code progress} sees every measured run. */
  Result run(int repeats, Path out, Consumer<Run> progress) {
    double before = BenchSparkCommand.loadAverage();
    List<Run> runs = new ArrayList<>();
    List<Double> rate1 = new ArrayList<>();
    List<Double> rate2 = new ArrayList<>();
    measure(2, out);
    for (int r = 0; r < repeats; r++) {
      for (int cores : new int[] {1, 2}) {
        Run run = measure(cores, out);
        runs.add(run);
        (cores == 1 ? rate1 : rate2).add(run.impressionsPerSecond());
        progress.accept(run);
      }
    }
    double m1 = BenchSparkCommand.median(rate1);
    double m2 = BenchSparkCommand.median(rate2);
    return new Result(runs, m1, m2, m1 > 0 ? m2 / m1 : 0, before, BenchSparkCommand.loadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  private Run measure(int cores, Path out) {
    String master = "local[" + cores + "]";
    SparkSession spark = SparkSessions.create("bahe-bench-spark-score", master, shufflePartitions);
    try {
      ScoreJob.Result r = ScoreJob.run(spark, inputs, new ScoreSettings(partitions, batchSize, false, -1, true),
          out.resolve("scores").toString());
      return new Run(master, cores, r.info().impressions(), r.info().items(), r.seconds(),
          r.impressionsPerSecond());
    } finally {
      spark.stop();
    }
  }

  static ScoreJob.Inputs inputs(Path checkpoint, String history, String abe, String dataPath, String format) {
    return new ScoreJob.Inputs(checkpoint, history, abe, dataPath, InputFormat.of(format));
  }
}
