package dev.bahe.examples.cli;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.config.DataOptions;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.data.SyntheticGenerator;
import dev.bahe.examples.data.SyntheticSpec;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bahe generate}: writes the seeded synthetic dataset in the canonical TSV or JSON Lines layout, so that
 * users can see (and edit) the format, and load it back with {@code --data tsv --data-path DIR}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generate the seeded synthetic dataset and write it as items/behaviors/impressions files.",
        "Size and seed come from data.syntheticUsers, data.syntheticItems and data.seed (or the options below);"
            + " the same values always produce identical files."})
final class GenerateCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
  Path out;

  @Option(names = "--format", defaultValue = "tsv", paramLabel = "FORMAT",
      description = "tsv (tab-separated with a header row, default) or jsonl (JSON Lines).")
  String format;

  @Option(names = "--users", paramLabel = "N", description = "Number of users (data.syntheticUsers).")
  Integer users;

  @Option(names = "--items", paramLabel = "N", description = "Number of items (data.syntheticItems).")
  Integer items;

  @Option(names = "--seed", paramLabel = "SEED", description = "Generator seed (data.seed).")
  Long seed;

  @Option(names = "--behaviors-per-user", paramLabel = "N",
      defaultValue = "" + SyntheticSpec.DEFAULT_BEHAVIORS_PER_USER,
      description = "Mean behaviours per user (default: ${DEFAULT-VALUE}).")
  int behaviorsPerUser;

  @Option(names = "--impressions-per-user", paramLabel = "N",
      defaultValue = "" + SyntheticSpec.DEFAULT_IMPRESSIONS_PER_USER,
      description = "Mean impressions per user (default: ${DEFAULT-VALUE}).")
  int impressionsPerUser;

  @Option(names = "--days", paramLabel = "N", defaultValue = "" + SyntheticSpec.DEFAULT_DAYS,
      description = "Length of the simulated timeline in days (default: ${DEFAULT-VALUE}).")
  int days;

  /**
   * What was generated.
   *
   * @param directory output directory
   * @param format tsv or jsonl
   * @param files the files written
   * @param users users
   * @param items items
   * @param behaviors behaviour records
   * @param uniqueBehaviors distinct behaviour texts
   * @param dedupeRatio behaviours per distinct text
   * @param impressions impressions
   * @param positiveRate share of clicked impressions
   * @param seed generator seed
   */
  record Result(String directory, String format, List<String> files, int users, int items, long behaviors,
      int uniqueBehaviors, double dedupeRatio, int impressions, double positiveRate, long seed) {}

  @Override
  public Integer call() {
    List<String> o = new ArrayList<>();
    if (users != null) {
      o.add("data.syntheticUsers=" + users);
    }
    if (items != null) {
      o.add("data.syntheticItems=" + items);
    }
    if (seed != null) {
      o.add("data.seed=" + seed);
    }
    ExperimentConfig config = common.load(o);
    DataOptions data = config.data();
    TabularFormat fmt = TabularFormat.of(format);
    SyntheticSpec s = new SyntheticSpec(data.syntheticUsers(), data.syntheticItems(), data.seed(),
        behaviorsPerUser, impressionsPerUser, days, data.syntheticRecentLongTermShare(), data.syntheticSignal());
    Dataset dataset = SyntheticGenerator.generate(s).dataset();
    List<Path> files = TabularDatasetWriter.write(dataset, out, fmt);

    long behaviors = 0;
    Set<String> unique = new HashSet<>();
    for (UserHistory h : dataset.histories().values()) {
      for (BehaviorType t : dataset.types()) {
        for (Behavior b : h.all(t)) {
          unique.add(b.text());
          behaviors++;
        }
      }
    }
    double positiveRate = dataset.impressions().stream().mapToInt(Impression::label).average().orElse(0);
    Result r = new Result(out.toString(), fmt.extension(), files.stream().map(Path::toString).toList(),
        dataset.histories().size(), dataset.items().size(), behaviors, unique.size(),
        unique.isEmpty() ? 0 : (double) behaviors / unique.size(), dataset.impressions().size(), positiveRate,
        s.seed());

    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "wrote %s (%s): %d users, %d items, %d behaviours (%d unique, %.1f per text), "
            + "%d impressions, %.1f%% clicked, seed %d%n", r.directory(), r.format(), r.users(), r.items(),
        r.behaviors(), r.uniqueBehaviors(), r.dedupeRatio(), r.impressions(), 100 * r.positiveRate(), r.seed());
    for (String f : r.files()) {
      w.println("  " + f);
    }
    w.printf("load it with: bahe train --data %s --data-path %s%n", r.format(), r.directory());
    w.flush();
    JsonResults.write(common.jsonFile(), "generate", config, r);
    return 0;
  }
}
