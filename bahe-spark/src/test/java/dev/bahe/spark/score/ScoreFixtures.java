package dev.bahe.spark.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.export.RepresentationFile;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.examples.cli.BaheCli;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import dev.bahe.spark.TestSpark;
import dev.bahe.spark.abe.AbeJob;
import dev.bahe.spark.abe.AbeTableInfo;
import dev.bahe.spark.history.HistoryJob;
import dev.bahe.spark.history.HistoryTableInfo;
import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.output.CommittedOutput;
import dev.bahe.stores.StoresModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The single-machine side of the scoring oracle: a dataset written as canonical TSV, {@code bahe encode} and
 * {@code bahe train} (a few steps) of a BAHE checkpoint, then {@code bahe evaluate --split all --predictions} and
 * {@code bahe export --split all} of it; and the Spark side's inputs: the history table of the same files and an
 * ABE table.
 */
final class ScoreFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tiny random BERT with the DJL encoder: fast, and every layer of the real path. */
  static final List<String> TINY = List.of("backbone.name=tiny-bert", "encoder.name=djl",
      "sequence.maxBehaviorsPerType=4", "sequence.textLength=96", "training.batchSize=8");

  private ScoreFixtures() {}

  /**
   * One prepared checkpoint and its oracle outputs.
   *
   * @param data the dataset as canonical TSV
   * @param checkpoint the trained checkpoint
   * @param predictions {@code bahe evaluate --split all --predictions}
   * @param users {@code bahe export}'s Q_u file
   * @param items {@code bahe export}'s Q_i file
   * @param store the store {@code bahe encode} filled
   * @param history the Spark history table of {@code data}
   * @param config the checkpoint's configuration
   */
  record Prepared(Path data, Path checkpoint, Path predictions, Path users, Path items, StoreOptions store,
      String history, ExperimentConfig config) {}

  static Prepared prepare(Dataset dataset, Path dir, List<String> settings) {
    Path data = dir.resolve("data");
    TabularDatasetWriter.write(dataset, data, TabularFormat.TSV);
    Path out = dir.resolve("out");
    assertThat(BaheCli.run(args("encode", data, out, settings).toArray(String[]::new))).isZero();
    Path trainJson = dir.resolve("train.json");
    List<String> train = args("train", data, out, settings);
    train.addAll(List.of("--variant", "bahe", "--epochs", "1", "--steps", "3", "--json", trainJson.toString()));
    assertThat(BaheCli.run(train.toArray(String[]::new))).isZero();
    Path checkpoint;
    try {
      checkpoint = Path.of(JSON.readTree(trainJson.toFile()).at("/result/checkpoint").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path predictions = dir.resolve("predictions.tsv");
    assertThat(BaheCli.run("evaluate", "--checkpoint", checkpoint.toString(), "--split", "all", "--predictions",
        predictions.toString())).isZero();
    Path reps = dir.resolve("reps");
    assertThat(BaheCli.run("export", "--checkpoint", checkpoint.toString(), "--split", "all", "--out",
        reps.toString())).isZero();
    ExperimentConfig config = Checkpoints.readConfig(checkpoint).orElseThrow().withDefaultStorePath();
    String history = dir.resolve("history").toString();
    SparkSession spark = TestSpark.session();
    InputTables input = InputTables.read(spark, data.toString(), InputFormat.TSV, false);
    int m = config.sequence().maxBehaviorsPerType();
    CommittedOutput.write(spark, HistoryJob.histories(input, m), history, new HistoryTableInfo(
        HistoryTableInfo.FORMAT, m, input.types(), input.report().impressions(), data.toString()), false);
    return new Prepared(data, checkpoint, predictions, reps.resolve("users.reps"), reps.resolve("items.reps"),
        config.store(), history, config);
  }

  private static List<String> args(String command, Path data, Path out, List<String> settings) {
    List<String> a = new ArrayList<>(List.of(command, "--data", "tsv", "--data-path", data.toString(),
        "--set", "output=" + out));
    settings.forEach(s -> a.addAll(List.of("--set", s)));
    return a;
  }

  /**
   * The ABE table of the vectors {@code bahe encode} stored (with {@code metadata}), the keys {@code keep}
   * accepts: for an encoder the Spark ABE job does not run (the DJL encoder of the tiny model).
   */
  static String abeTableOfStore(Prepared p, StoreMetadata metadata, StoreMetadata sidecar, Path out,
      LongPredicate keep) {
    Map<String, BehaviorStoreFactory> factories = Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
    List<Row> rows = new ArrayList<>();
    try (BehaviorStore store = factories.get(p.store().name()).open(p.store(), metadata)) {
      store.forEachKey(key -> {
        if (keep.test(key)) {
          rows.add(RowFactory.create(key, store.text(key).orElseThrow(), store.get(key).orElseThrow()));
        }
      });
    }
    SparkSession spark = TestSpark.session();
    CommittedOutput.write(spark, spark.createDataFrame(rows, AbeJob.SCHEMA).repartition(2), out.toString(),
        new AbeTableInfo(AbeTableInfo.FORMAT, sidecar, rows.size(), rows.size(), 0, p.store().path()), false);
    return out.toString();
  }

  /** The encoder identity the checkpoint's configuration names, as store metadata. */
  static StoreMetadata metadata(Prepared p) {
    return new StoreMetadata(ScoringCheckpoint.read(p.checkpoint()).encoderIdentity(), p.store().dtype());
  }

  /** {@code user \t item \t time} to the probability {@code bahe evaluate} wrote. */
  static Map<String, Double> predictions(Path file) {
    Map<String, Double> out = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t");
        assertThat(out.put(f[0] + "\t" + f[1] + "\t" + f[2], Double.parseDouble(f[4]))).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** {@code user \t item \t time} (users) or the item id (items) to the vector {@code bahe export} wrote. */
  static Map<String, float[]> representations(Path file) {
    Map<String, float[]> out = new HashMap<>();
    RepresentationFile.read(file, (user, item, time, v) ->
        out.put(user == null ? item : user + "\t" + item + "\t" + time, v.clone()));
    return out;
  }
}
