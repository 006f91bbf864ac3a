package dev.bahe.spark.cli;

import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.spark.history.HistoryJob;
import dev.bahe.spark.history.HistoryTableInfo;
import dev.bahe.spark.input.InputReport;
import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.output.CommittedOutput;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bahe spark history}: the point-in-time histories of every impression, as Parquet. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Point-in-time histories on Spark: for every impression and type the keys of the most recent M"
        + " behaviours strictly before it (sequence.maxBehaviorsPerType), oldest first, ties in file order."})
final class SparkHistoryCommand implements Callable<Integer> {

  @Mixin
  JobOptions job;

  @Mixin
  InputOptions input;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output table directory.")
  String out;

  @Option(names = "--overwrite", description = "Replace an existing table at --out.")
  boolean overwrite;

  /**
   * @param data what was read
   * @param table where the table is
   * @param info the table's sidecar
   * @param seconds job wall time
   */
  record Result(InputReport data, String table, HistoryTableInfo info, double seconds) {}

  @Override
  public Integer call() {
    ExperimentConfig config = job.load();
    SparkSession spark = job.session("bahe-history");
    try {
      long start = System.nanoTime();
      InputTables tables = input.read(spark);
      spec.commandLine().getErr().println(tables.report().summary());
      int m = config.sequence().maxBehaviorsPerType();
      Dataset<Row> histories = HistoryJob.histories(tables, m);
      HistoryTableInfo info = new HistoryTableInfo(HistoryTableInfo.FORMAT, m, tables.types(),
          tables.report().impressions(), tables.report().location());
      CommittedOutput.write(spark, histories, out, info, overwrite);
      job.report(spec.commandLine().getOut(), new Result(tables.report(), out, info,
          (System.nanoTime() - start) / 1e9));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
