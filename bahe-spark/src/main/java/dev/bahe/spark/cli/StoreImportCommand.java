package dev.bahe.spark.cli;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.spark.abe.StoreImport;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bahe store import}: loads an ABE table written by {@code bahe spark abe} into a file or lucene store. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Load a committed ABE table (bahe spark abe) into a file or lucene behaviour store.",
        "Refuses a store of another encoder; keys already stored are counted as duplicates and skipped; any key"
            + " stored with another text is a collision: reported, and nothing is written (exit code 3)."})
final class StoreImportCommand implements Callable<Integer> {

  @Mixin
  JobOptions job;

  @Spec
  CommandSpec spec;

  @Option(names = "--table", required = true, paramLabel = "DIR", description = "The ABE table directory.")
  String table;

  @Option(names = "--store", paramLabel = "NAME", description = "file or lucene (store.name).")
  String store;

  @Option(names = "--store-path", paramLabel = "DIR", description = "Store directory (store.path).")
  String storePath;

  @Option(names = "--flush-every", defaultValue = "4096", paramLabel = "ROWS",
      description = "Flush (a resume point) every this many rows (default: ${DEFAULT-VALUE}).")
  int flushEvery;

  @Override
  public Integer call() {
    ExperimentConfig config = job.load();
    StoreOptions configured = config.store();
    StoreOptions options = new StoreOptions(store != null ? store : configured.name(),
        storePath != null ? storePath : configured.path(), configured.dtype(), configured.reads());
    SparkSession spark = job.session("bahe-store-import");
    try {
      StoreImport.Result r = StoreImport.run(spark, table, options, flushEvery);
      job.report(spec.commandLine().getOut(), r);
      return r.ok() ? 0 : 3;
    } finally {
      spark.stop();
    }
  }
}
