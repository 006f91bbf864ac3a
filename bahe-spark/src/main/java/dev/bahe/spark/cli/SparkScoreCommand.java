package dev.bahe.spark.cli;

import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.score.ScoreJob;
import dev.bahe.spark.score.ScoreSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bahe spark score}: click probabilities, {@code Q_u} and {@code Q_i} of a checkpoint, as Parquet. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Batch scoring and export on Spark: a bahe checkpoint, the history table (spark history) and the"
        + " ABE table (spark abe) give per impression the click probability and Q_u (table 'impressions') and per"
        + " catalogue item Q_i (table 'items'), committed together under --out.",
        "The checkpoint's saved configuration is the configuration; --data-path names the dataset whose items are"
            + " the catalogue."})
final class SparkScoreCommand implements Callable<Integer> {

  @Mixin
  JobOptions job;

  @Spec
  CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint of bahe train.")
  Path checkpoint;

  @Option(names = "--history", required = true, paramLabel = "DIR", description = "History table (spark history).")
  String history;

  @Option(names = "--abe", required = true, paramLabel = "DIR", description = "ABE table (spark abe).")
  String abe;

  @Option(names = "--data-path", required = true, paramLabel = "DIR",
      description = "Dataset directory whose items file is the catalogue (any Hadoop path).")
  String dataPath;

  @Option(names = "--format", defaultValue = "tsv", paramLabel = "FORMAT",
      description = "Format of the dataset: tsv (default), jsonl or parquet.")
  String format;

  @Option(names = "--skip-bad-rows",
      description = "Skip and count bad item rows and impressions that need a key the ABE table lacks, instead of"
          + " stopping at the first.")
  boolean skipBadRows;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  String out;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Scoring tasks (default: 4 per default parallelism).")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
      description = "Impressions per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--overwrite", description = "Replace an existing output at --out.")
  boolean overwrite;

  /**
   * @param output where the tables are
   * @param score what the job wrote and skipped, and how long it took
   * @param impressionsPerSecond impressions scored per second of job time
   */
  record Result(String output, ScoreJob.Result score, double impressionsPerSecond) {}

  @Override
  public Integer call() {
    if (job.config != null || !job.overrides.isEmpty()) {
      throw new IllegalArgumentException("spark score uses the checkpoint's saved configuration; --config and --set"
          + " do not apply");
    }
    SparkSession spark = job.session("bahe-score");
    try {
      int p = partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
      ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Inputs(checkpoint, history, abe, dataPath,
          InputFormat.of(format)), new ScoreSettings(p, batchSize, skipBadRows, -1, overwrite), out);
      job.report(spec.commandLine().getOut(), new Result(out, r, r.impressionsPerSecond()));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
