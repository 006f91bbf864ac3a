package dev.bahe.examples.data;

import dev.bahe.api.data.Dataset;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset together with the report of its load (counts, skipped rows, unknown references) and, for a generated
 * dataset, the ground truth it was generated from.
 *
 * @param dataset the loaded data
 * @param report what the load found
 * @param synthetic the generator's truth when the dataset is synthetic (its {@link SyntheticData#dataset()} is
 *     {@code dataset}), else empty
 */
public record LoadedDataset(Dataset dataset, LoadReport report, Optional<SyntheticData> synthetic) {

  public LoadedDataset {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(synthetic, "synthetic");
  }

  /** A dataset read from files: no generator truth. */
  public LoadedDataset(Dataset dataset, LoadReport report) {
    this(dataset, report, Optional.empty());
  }
}
