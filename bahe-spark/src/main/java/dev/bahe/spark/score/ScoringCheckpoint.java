package dev.bahe.spark.score;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.config.HistorySummary;
import dev.bahe.core.model.Variant;
import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;

/**
 * A checkpoint on the driver: its saved configuration and provenance, the checks that it can be scored by the Spark
 * job, the identity of the encoder its configuration names, and shipping it (and a backbone file its configuration
 * names by path) to the executors.
 *
 * @param dir the checkpoint directory
 * @param config its saved configuration
 * @param provenance its provenance
 */
record ScoringCheckpoint(Path dir, ExperimentConfig config, CheckpointProvenance provenance) {

  /** Reads the checkpoint in {@code dir}. */
  static ScoringCheckpoint read(Path dir) {
    CheckpointProvenance provenance = Checkpoints.readProvenance(dir);
    return new ScoringCheckpoint(dir, config(dir), provenance);
  }

  /** The configuration saved with the checkpoint in {@code dir}. */
  static ExperimentConfig config(Path dir) {
    return Checkpoints.readConfig(dir).orElseThrow(() -> new IllegalArgumentException("checkpoint " + dir
        + " has no " + Checkpoints.CONFIG_FILE + ": the scoring job builds the model its saved configuration"
        + " describes"));
  }

  /**
   * Refuses what the job cannot score from a history table of {@code maxPerType} behaviours per type: a variant
   * other than {@code bahe} (the others read texts through the backbone, not the ABE table), a history summary
   * (it reads every behaviour before the impression, not the most recent {@code M}), and a model {@code M} above
   * the table's.
   */
  void checkScorable(int maxPerType) {
    if (config.variant() != Variant.BAHE) {
      throw new IllegalArgumentException("checkpoint " + dir + " is variant '" + config.variant().id()
          + "': the Spark scoring job scores bahe checkpoints (behaviour vectors from the ABE table)");
    }
    if (config.sequence().historySummary() != HistorySummary.NONE) {
      throw new IllegalArgumentException("checkpoint " + dir + " uses sequence.historySummary: "
          + config.sequence().historySummary().id() + ", which reads every behaviour before an impression; the"
          + " history table holds the most recent M per type only");
    }
    if (config.sequence().maxBehaviorsPerType() > maxPerType) {
      throw new IllegalArgumentException("checkpoint " + dir + " reads sequence.maxBehaviorsPerType = "
          + config.sequence().maxBehaviorsPerType() + " behaviours per type, but the history table holds "
          + maxPerType + ": rebuild it with --set sequence.maxBehaviorsPerType="
          + config.sequence().maxBehaviorsPerType());
    }
  }

  /** The identity of the encoder the checkpoint's configuration names (the one its store must come from). */
  EncoderIdentity encoderIdentity() {
    Injector injector = Guice.createInjector(new ExperimentModule(config), new EncodersModule(),
        new StoresModule(), new HeadsModule(), new CoreModule());
    try (LayeredLanguageModel backbone = injector.getInstance(LayeredLanguageModel.class);
        BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class)) {
      return encoder.identity();
    }
  }

  /**
   * Ships the checkpoint to the executors under a name made of its parameter checksum (a copy in a local staging
   * directory of that name, so one name always means one checkpoint) and returns that name.
   */
  String ship(SparkContext sc) {
    String name = "bahe-checkpoint-" + provenance.parametersSha256().substring(0, 16);
    Path staged = Path.of(System.getProperty("java.io.tmpdir"), "bahe-spark-staging", name);
    try {
      if (!Files.isDirectory(staged)) {
        Path temp = staged.resolveSibling("." + name + "-" + UUID.randomUUID());
        Files.createDirectories(temp);
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Files.copy(f, temp.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
        try {
          Files.move(temp, staged, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isDirectory(staged)) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage checkpoint " + dir + " for shipping", e);
    }
    sc.addFile(staged.toString(), true);
    return name;
  }

  /** Ships a backbone the configuration names by an existing path; returns its name, or null (bundled). */
  String shipBackbone(SparkContext sc) {
    String path = config.backbone().path();
    if (path.isBlank() || path.startsWith("classpath:") || !new File(path).exists()) {
      return null;
    }
    File model = new File(path).getAbsoluteFile();
    sc.addFile(model.getPath(), model.isDirectory());
    if (model.isFile()) {
      String stem = model.getName().endsWith(".onnx")
          ? model.getName().substring(0, model.getName().length() - 5) : model.getName();
      for (String tokenizer : List.of(stem + "-tokenizer.json", "tokenizer.json")) {
        File t = new File(model.getParentFile(), tokenizer);
        if (t.isFile()) {
          sc.addFile(t.getPath());
        }
      }
    }
    return model.getName();
  }
}
