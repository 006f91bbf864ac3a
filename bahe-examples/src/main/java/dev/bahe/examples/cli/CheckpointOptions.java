package dev.bahe.examples.cli;

import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.core.train.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the commands that read a trained checkpoint ({@code evaluate}, {@code export}): the checkpoint
 * directory, whose saved {@code config.yaml} is the configuration unless {@code --config} is given, and which
 * split of the data to use.
 */
public final class CheckpointOptions {

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "Checkpoint directory written by 'bahe train' (model.params, config.yaml, provenance.json).")
  Path checkpoint;

  @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
      description = "Impressions to use: train, valid, test or all (default: ${DEFAULT-VALUE}).")
  String split;

  /** The checkpoint's saved configuration file, or null when it has none. */
  Path savedConfig() {
    if (!Files.isRegularFile(checkpoint.resolve(Checkpoints.PROVENANCE_FILE))) {
      throw new IllegalArgumentException("not a complete checkpoint (no " + Checkpoints.PROVENANCE_FILE + "): "
          + checkpoint);
    }
    Path file = checkpoint.resolve(Checkpoints.CONFIG_FILE);
    return Files.isRegularFile(file) ? file : null;
  }

  /** The impressions of the chosen split. */
  List<Impression> impressions(DatasetSplit s) {
    return switch (split) {
      case "train" -> s.train();
      case "valid" -> s.valid();
      case "test" -> s.test();
      case "all" -> s.dataset().impressions();
      default -> throw new IllegalArgumentException("--split must be train, valid, test or all, was '" + split
          + "'");
    };
  }
}
