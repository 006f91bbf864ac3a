package dev.bahe.examples.cli;

import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command shares: an experiment configuration file, {@code key=value} overrides and a JSON
 * results file. Mixed into each command with {@code @Mixin}.
 *
 * <p>Precedence, lowest first: the built-in defaults, {@code --config FILE}, the command's own convenience
 * options (such as {@code --data-path}), then every {@code --set} in the order given. An unknown key or a bad
 * value stops the command with a message naming the key.
 */
public final class CommonOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Experiment configuration (YAML). Every key has a default; see defaults.yaml in bahe-core.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set training.batchSize=64 --set head.name=dcnv2."
          + " Repeatable; applied last, in order.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the command's results as JSON to FILE (with provenance: config, versions,"
          + " machine).")
  Path json;

  /** The configuration: defaults, the file, {@code commandOverrides}, then the {@code --set} overrides. */
  public ExperimentConfig load(List<String> commandOverrides) {
    return load(null, commandOverrides);
  }

  /**
   * As {@link #load(List)}, reading {@code baseFile} (for example the {@code config.yaml} saved with a checkpoint)
   * when no {@code --config} was given.
   */
  public ExperimentConfig load(Path baseFile, List<String> commandOverrides) {
    List<String> all = new ArrayList<>(commandOverrides);
    all.addAll(overrides);
    return new ConfigLoader().load(config != null ? config : baseFile, all);
  }

  /** The configuration without command-specific overrides. */
  public ExperimentConfig load() {
    return load(List.of());
  }

  /** The JSON results file, or null when {@code --json} was not given. */
  public Path jsonFile() {
    return json;
  }
}
