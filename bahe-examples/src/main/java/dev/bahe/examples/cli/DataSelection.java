package dev.bahe.examples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Convenience options choosing the dataset, translated into {@code data.*} configuration overrides (so
 * {@code --data movielens --data-path DIR} equals {@code --set data.source=movielens --set data.path=DIR}).
 */
public final class DataSelection {

  @Option(names = "--data", paramLabel = "SOURCE",
      description = "Data source: synthetic, movielens, tsv or jsonl (data.source).")
  String source;

  @Option(names = "--data-path", paramLabel = "DIR",
      description = "Dataset directory (data.path): the ml-100k folder for movielens, the folder with items,"
          + " behaviors and impressions files for tsv/jsonl.")
  String path;

  @Option(names = "--skip-bad-rows",
      description = "Skip malformed rows and report their counts by reason, instead of stopping at the first"
          + " (data.skipBadRows).")
  boolean skipBadRows;

  /** The overrides these options stand for. */
  public List<String> overrides() {
    List<String> o = new ArrayList<>();
    if (source != null) {
      o.add("data.source=" + source);
    }
    if (path != null) {
      o.add("data.path=" + quote(path));
    }
    if (skipBadRows) {
      o.add("data.skipBadRows=true");
    }
    return o;
  }

  /** Quotes a path as a YAML string, so that a path like {@code 2024} or {@code yes} stays a string. */
  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
