package dev.bahe.examples.cli;

import dev.bahe.core.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;

/** Configuration defaults that depend on other keys, applied by the commands. */
final class Configs {

  private Configs() {}

  /**
   * Loads the configuration with {@link ExperimentConfig#withDefaultStorePath() the default store path}, so
   * {@code encode}, {@code train}, {@code evaluate} and the experiment runs find the same store.
   */
  static ExperimentConfig withDefaultStorePath(CommonOptions common, List<String> overrides) {
    return withDefaultStorePath(common, null, overrides);
  }

  /** As above, with {@code baseFile} as the configuration file when {@code --config} was not given. */
  static ExperimentConfig withDefaultStorePath(CommonOptions common, Path baseFile, List<String> overrides) {
    return common.load(baseFile, overrides).withDefaultStorePath();
  }
}
