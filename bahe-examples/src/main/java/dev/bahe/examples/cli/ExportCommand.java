package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.export.RepresentationExporter;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadedDataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe export}: writes the learned representations of a trained checkpoint — {@code Q_u} of every
 * impression of the split (point-in-time, as the model saw it) and {@code Q_i} of every item — as
 * {@code users.reps} and {@code items.reps} ({@link dev.bahe.core.export.RepresentationFile} format), the extra
 * dense features of the downstream ID-feature DNN ({@code AUC_d}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export Q_u (per impression) and Q_i (per item) of a trained checkpoint for downstream models."})
final class ExportCommand implements Callable<Integer> {

  static final String USERS_FILE = "users.reps";
  static final String ITEMS_FILE = "items.reps";

  @Mixin
  CommonOptions common;

  @Mixin
  DataSelection data;

  @Mixin
  CheckpointOptions checkpoint;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: <checkpoint>/representations).")
  Path out;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
      description = "Impressions per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  /**
   * What was exported.
   *
   * @param usersFile the Q_u file
   * @param impressions rows of the Q_u file
   * @param userDimension size of Q_u
   * @param itemsFile the Q_i file
   * @param items rows of the Q_i file
   * @param itemDimension size of Q_i
   * @param abe ABE report when the store had to be completed (BAHE), else null
   */
  record Result(String usersFile, int impressions, int userDimension, String itemsFile, int items,
      int itemDimension, AbeReport abe) {}

  @Override
  public Integer call() throws java.io.IOException {
    ExperimentConfig config = Configs.withDefaultStorePath(common, checkpoint.savedConfig(), data.overrides());
    LoadedDataset loaded = Datasets.loadWithReport(config.data());
    DatasetSplit split = TimeSplitter.split(loaded.dataset(), config.data());
    List<Impression> impressions = checkpoint.impressions(split);
    Path dir = out != null ? out : checkpoint.checkpoint.resolve("representations");
    Files.createDirectories(dir);
    PrintWriter w = spec.commandLine().getOut();
    try (ExperimentSession session = new ExperimentSession(config)) {
      AbeReport abe = config.variant() == Variant.BAHE ? AbeRunner.run(session, loaded.dataset(), 256, 8, 0) : null;
      try (TextCtrModel model = session.get(ModelFactory.class).create(loaded.dataset())) {
        Checkpoints.load(checkpoint.checkpoint, model);
        RepresentationExporter exporter = new RepresentationExporter(batchSize);
        Path users = dir.resolve(USERS_FILE);
        Path items = dir.resolve(ITEMS_FILE);
        int du = exporter.exportUsers(model, impressions, users);
        List<String> itemIds = new ArrayList<>(loaded.dataset().items().keySet());
        itemIds.sort(null);
        int di = exporter.exportItems(model, itemIds, items);
        Result r = new Result(users.toString(), impressions.size(), du, items.toString(), itemIds.size(), di, abe);
        w.printf("exported Q_u (d=%d) of %d %s impressions to %s and Q_i (d=%d) of %d items to %s%n", du,
            impressions.size(), checkpoint.split, users, di, itemIds.size(), items);
        w.flush();
        JsonResults.write(common.jsonFile(), "export", config, r);
      }
    }
    return 0;
  }
}
