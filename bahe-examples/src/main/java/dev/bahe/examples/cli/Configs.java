package dev.bahe.examples.cli;

import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.eval.Evaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Configuration defaults that depend on other keys, applied by the commands. */
final class Configs {

  private Configs() {}

  /**
   * The evaluator the trainer uses for validation: batches of twice the micro-batch (inference keeps no autograd
   * graph), so evaluating fits in the memory budget training was given, even for long-text variants.
   */
  static Evaluator evaluator(ExperimentConfig config) {
    return dev.bahe.examples.experiment.ExperimentPipeline.evaluatorFor(config);
  }

  /**
   * Loads the configuration; when {@code store.path} is empty it becomes {@code <output>/store}, so a file or
   * Lucene store always has a home and {@code encode}, {@code train} and {@code evaluate} find the same one.
   */
  static ExperimentConfig withDefaultStorePath(CommonOptions common, List<String> overrides) {
    return withDefaultStorePath(common, null, overrides);
  }

  /** As above, with {@code baseFile} as the configuration file when {@code --config} was not given. */
  static ExperimentConfig withDefaultStorePath(CommonOptions common, Path baseFile, List<String> overrides) {
    ExperimentConfig config = common.load(baseFile, overrides);
    if (!config.store().path().isBlank()) {
      return config;
    }
    String output = config.output().isBlank() ? "bahe-output" : config.output();
    List<String> withPath = new ArrayList<>(overrides);
    withPath.add(0, "store.path=" + DataSelection.quote(Path.of(output, "store").toString()));
    return common.load(baseFile, withPath);
  }
}
