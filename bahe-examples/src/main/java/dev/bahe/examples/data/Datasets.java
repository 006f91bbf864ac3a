package dev.bahe.examples.data;

import dev.bahe.api.data.Dataset;
import dev.bahe.core.config.DataOptions;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point to every dataset: dispatches on {@link DataOptions#source()}.
 *
 * <ul>
 *   <li>{@code synthetic}: {@link SyntheticGenerator} sized by {@code syntheticUsers}, {@code syntheticItems},
 *       {@code seed};
 *   <li>{@code movielens}: MovieLens 100k read in place from {@code path} (the folder with {@code u.data});
 *   <li>{@code tsv} / {@code jsonl}: the canonical layout of {@link TabularFormat} in the directory {@code path},
 *       validated, with {@code skipBadRows} deciding between failing on the first bad row and skipping and
 *       counting bad rows.
 * </ul>
 */
public final class Datasets {

  private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);

  /** The source names {@link #load} understands. */
  public static final java.util.List<String> SOURCES = java.util.List.of("synthetic", "movielens", "tsv", "jsonl");

  private Datasets() {}

  /** Loads the configured dataset; see {@link #loadWithReport} for the load report. */
  public static Dataset load(DataOptions options) {
    return loadWithReport(options).dataset();
  }

  /**
   * Loads the configured dataset with its {@link LoadReport}; a synthetic dataset comes with the generator's truth
   * ({@link LoadedDataset#synthetic()}), generated once.
   *
   * @throws DataFormatException for a malformed file (naming file, line and field) or a missing path
   * @throws IllegalArgumentException for an unknown source name
   */
  public static LoadedDataset loadWithReport(DataOptions options) {
    String source = options.source().toLowerCase(Locale.ROOT);
    return switch (source) {
      case "synthetic" -> {
        SyntheticSpec spec = SyntheticSpec.of(options);
        SyntheticData truth = SyntheticGenerator.generate(spec);
        Dataset d = truth.dataset();
        long behaviors = d.histories().values().stream().mapToLong(h -> h.size()).sum();
        LoadReport report = LoadReport.clean("synthetic", d.name(), d.items().size(), d.histories().size(),
            behaviors, d.impressions().size());
        LOG.info("{}", report.summary());
        yield new LoadedDataset(d, report, java.util.Optional.of(truth));
      }
      case "movielens" -> MovieLensLoader.load(requirePath(options, source), options.skipBadRows());
      case "tsv", "jsonl" -> TabularDatasetLoader.load(requirePath(options, source), TabularFormat.of(source),
          options.skipBadRows());
      default -> throw new IllegalArgumentException("unknown data.source '" + options.source()
          + "'; known sources: " + String.join(", ", SOURCES));
    };
  }

  private static Path requirePath(DataOptions options, String source) {
    if (options.path().isBlank()) {
      throw new IllegalArgumentException("data.path must name the " + source + " dataset directory"
          + (source.equals("movielens") ? " (the folder with u.data, u.item, u.genre)" : ""));
    }
    return Path.of(options.path());
  }
}
