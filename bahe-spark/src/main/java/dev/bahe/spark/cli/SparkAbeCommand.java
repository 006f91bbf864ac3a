package dev.bahe.spark.cli;

import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.spark.abe.AbeJob;
import dev.bahe.spark.abe.AbeSettings;
import dev.bahe.spark.input.InputReport;
import dev.bahe.spark.input.InputTables;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bahe spark abe}: distributed ABE of every unique behaviour and item text into a Parquet table. */
@Command(name = "abe", mixinStandardHelpOptions = true,
    description = {"ABE on Spark: encode every unique behaviour and item text once with the frozen lower layers"
        + " (backbone.*, encoder.*) into the Parquet table (key, text, vector) with a metadata sidecar.",
        "Load it into a store with: bahe store import --table DIR --store file|lucene --store-path DIR"})
final class SparkAbeCommand implements Callable<Integer> {

  @Mixin
  JobOptions job;

  @Mixin
  InputOptions input;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output table directory.")
  String out;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Encode tasks (default: 4 per default parallelism).")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
      description = "Texts per encoder call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--overwrite", description = "Replace an existing table at --out.")
  boolean overwrite;

  /**
   * @param data what was read
   * @param table where the table is
   * @param abe what the job counted and how long it took
   * @param textsPerSecond unique texts per second of job time
   */
  record Result(InputReport data, String table, AbeJob.Result abe, double textsPerSecond) {}

  @Override
  public Integer call() {
    ExperimentConfig config = job.load();
    SparkSession spark = job.session("bahe-abe");
    try {
      InputTables tables = input.read(spark);
      spec.commandLine().getErr().println(tables.report().summary());
      int p = partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
      AbeJob.Result r = AbeJob.run(spark, tables, config.backbone(), config.encoder(),
          new AbeSettings(p, batchSize, -1, overwrite), out);
      job.report(spec.commandLine().getOut(), new Result(tables.report(), out, r, r.textsPerSecond()));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
