package dev.bahe.spark.cli;

import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.input.InputTables;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where a job's dataset is: a directory in the canonical layout, as TSV, JSON Lines or Parquet. */
public final class InputOptions {

  @Option(names = "--data-path", required = true, paramLabel = "DIR",
      description = "Dataset directory with items, behaviors and impressions (any Hadoop path: file:, hdfs:, s3a:).")
  String dataPath;

  @Option(names = "--format", defaultValue = "tsv", paramLabel = "FORMAT",
      description = "tsv (default), jsonl or parquet.")
  String format;

  @Option(names = "--skip-bad-rows",
      description = "Skip malformed rows and report their counts by reason, instead of stopping at the first.")
  boolean skipBadRows;

  InputTables read(SparkSession spark) {
    return InputTables.read(spark, dataPath, InputFormat.of(format), skipBadRows);
  }
}
