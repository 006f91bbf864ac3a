package dev.bahe.examples.data;

import dev.bahe.api.data.Dataset;
import java.util.Objects;

/**
 * A dataset together with the report of its load (counts, skipped rows, unknown references).
 *
 * @param dataset the loaded data
 * @param report what the load found
 */
public record LoadedDataset(Dataset dataset, LoadReport report) {

  public LoadedDataset {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(report, "report");
  }
}
