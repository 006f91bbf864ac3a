package dev.bahe.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.examples.data.SyntheticGenerator;
import dev.bahe.examples.data.SyntheticSpec;
import dev.bahe.spark.TestSpark;
import dev.bahe.spark.abe.AbeJob;
import dev.bahe.spark.abe.AbeSettings;
import dev.bahe.spark.input.BadInputException;
import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.output.CommittedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark scoring job against the single machine: for the same checkpoint and impressions its click
 * probabilities equal {@code bahe evaluate --predictions} and its {@code Q_u} / {@code Q_i} equal
 * {@code bahe export} within 1e-5, on synthetic data and on a MovieLens 100k subset (tiny random BERT); a task
 * failing mid-job leaves nothing readable and the rerun writes the same output; bad input is reported with file,
 * line and field, and counted.
 */
class ScoreJobTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir
  static Path shared;

  @TempDir
  Path dir;

  private static ScoreFixtures.Prepared synthetic;
  private static String syntheticAbe;

  @BeforeAll
  static void prepareSynthetic() {
    Dataset data = SyntheticGenerator.generate(new SyntheticSpec(30, 24, 5, 20, 8, 360)).dataset();
    synthetic = ScoreFixtures.prepare(data, shared.resolve("synthetic"), ScoreFixtures.TINY);
    StoreMetadata metadata = ScoreFixtures.metadata(synthetic);
    syntheticAbe = ScoreFixtures.abeTableOfStore(synthetic, metadata, metadata, shared.resolve("synthetic-abe"),
        key -> true);
  }

  private static ScoreJob.Result score(ScoreFixtures.Prepared p, String abe, Path out, boolean skip, int fail) {
    return ScoreJob.run(TestSpark.session(), new ScoreJob.Inputs(p.checkpoint(), p.history(), abe,
        p.data().toString(), InputFormat.TSV), new ScoreSettings(3, 16, skip, fail, false), out.toString());
  }

  /** Largest differences to the oracle: {@code [probability, Q_u, Q_i]}; every row compared. */
  static double[] compare(ScoreFixtures.Prepared p, Path out) {
    Map<String, Double> expected = ScoreFixtures.predictions(p.predictions());
    Map<String, float[]> users = ScoreFixtures.representations(p.users());
    Map<String, float[]> items = ScoreFixtures.representations(p.items());
    List<Row> scored = TestSpark.session().read().parquet(out.resolve("impressions").toString()).collectAsList();
    assertThat(scored).hasSize(expected.size());
    // a model that scores impressions differently, so equal scores mean the same features
    assertThat(expected.values().stream().distinct().count()).isGreaterThan(expected.size() / 2);
    double worstP = 0;
    double worstU = 0;
    for (Row r : scored) {
      String id = r.getAs("user_id") + "\t" + r.getAs("item_id") + "\t" + r.getAs("timestamp");
      assertThat(expected).as("impression %s", id).containsKey(id);
      worstP = Math.max(worstP, Math.abs(expected.get(id) - r.<Double>getAs("probability")));
      worstU = Math.max(worstU, maxDiff(users.get(id), r.getList(r.fieldIndex("q_u"))));
    }
    List<Row> represented = TestSpark.session().read().parquet(out.resolve("items").toString()).collectAsList();
    assertThat(represented).hasSize(items.size());
    double worstI = 0;
    for (Row r : represented) {
      worstI = Math.max(worstI, maxDiff(items.get(r.<String>getAs("item_id")), r.getList(r.fieldIndex("q_i"))));
    }
    return new double[] {worstP, worstU, worstI};
  }

  private static double maxDiff(float[] expected, List<Float> actual) {
    assertThat(expected).isNotNull();
    assertThat(actual).hasSize(expected.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual.get(i)));
    }
    return worst;
  }

  private static void assertWithinTolerance(double[] diffs, String what) {
    System.out.printf("%s: max |spark - single machine|: probability %.3g, Q_u %.3g, Q_i %.3g%n", what, diffs[0],
        diffs[1], diffs[2]);
    assertThat(diffs[0]).as("max |p - bahe evaluate|").isLessThanOrEqualTo(TOLERANCE);
    assertThat(diffs[1]).as("max |Q_u - bahe export|").isLessThanOrEqualTo(TOLERANCE);
    assertThat(diffs[2]).as("max |Q_i - bahe export|").isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void syntheticScoresAndRepresentationsEqualEvaluateAndExport() {
    Path out = dir.resolve("scores");
    ScoreJob.Result r = score(synthetic, syntheticAbe, out, false, -1);
    assertThat(r.info().impressions()).isEqualTo(ScoreFixtures.predictions(synthetic.predictions()).size());
    assertThat(r.info().unknownItemImpressions()).isZero();
    assertThat(r.info().missingKeyImpressions()).isZero();
    assertThat(r.info().userDimension()).isPositive();
    assertWithinTolerance(compare(synthetic, out), "synthetic");
  }

  @Test
  @Tag("slow")
  void movieLensSubsetScoresAndRepresentationsEqualEvaluateAndExport() {
    Path movielens = TestSpark.movieLensDir();
    assumeThat(movielens).as("MovieLens 100k (../shared/datasets/ml-100k)").isNotNull();
    Dataset full = TestSpark.load("data.source=movielens", "data.path='" + movielens + "'");
    // the first 25 users (by id) with all their ratings, every item
    Map<String, UserHistory> histories = new LinkedHashMap<>();
    full.histories().forEach((user, h) -> {
      if (Integer.parseInt(user) <= 25) {
        histories.put(user, h);
      }
    });
    List<Impression> impressions = full.impressions().stream().filter(i -> histories.containsKey(i.userId()))
        .toList();
    Dataset subset = new Dataset("ml-100k-first-25-users", full.types(), full.items(), histories, impressions);
    ScoreFixtures.Prepared p = ScoreFixtures.prepare(subset, dir.resolve("ml"), ScoreFixtures.TINY);
    StoreMetadata metadata = ScoreFixtures.metadata(p);
    String abe = ScoreFixtures.abeTableOfStore(p, metadata, metadata, dir.resolve("ml-abe"), key -> true);
    Path out = dir.resolve("ml-scores");
    ScoreJob.Result r = score(p, abe, out, false, -1);
    assertThat(r.info().impressions()).isEqualTo(impressions.size());
    assertThat(r.info().items()).isEqualTo(full.items().size());
    assertWithinTolerance(compare(p, out), "MovieLens, " + impressions.size() + " impressions of 25 users");
  }

  @Test
  @Tag("slow")
  void miniLmChainOfSparkJobsEqualsEvaluateAndExport() {
    // the real path: bundled all-MiniLM-L6-v2 split at layer 3, the ONNX Runtime ABE job on Spark, the history job
    Dataset data = SyntheticGenerator.generate(new SyntheticSpec(12, 16, 9, 12, 4, 360)).dataset();
    ScoreFixtures.Prepared p = ScoreFixtures.prepare(data, dir.resolve("minilm"), List.of(
        "sequence.maxBehaviorsPerType=4", "sequence.textLength=96", "training.batchSize=8"));
    assertThat(p.config().backbone().name()).isEqualTo("minilm");
    Path abe = dir.resolve("minilm-abe");
    SparkSession spark = TestSpark.session();
    AbeJob.run(spark, InputTables.read(spark, p.data().toString(), InputFormat.TSV, false), p.config().backbone(),
        p.config().encoder(), new AbeSettings(2, 64, -1, false), abe.toString());
    Path out = dir.resolve("minilm-scores");
    ScoreJob.Result r = score(p, abe.toString(), out, false, -1);
    assertThat(r.info().metadata().encoder().modelName()).doesNotContain("tiny");
    assertWithinTolerance(compare(p, out), "MiniLM k=3, " + r.info().impressions() + " synthetic impressions");
  }

  @Test
  void aTaskFailingMidJobLeavesNothingReadableAndTheRerunWritesTheSameOutput() throws IOException {
    Path clean = dir.resolve("clean");
    score(synthetic, syntheticAbe, clean, false, -1);
    Path out = dir.resolve("rerun");
    assertThatThrownBy(() -> score(synthetic, syntheticAbe, out, false, 1)).hasStackTraceContaining(
        "recovery drill");
    assertThat(out).doesNotExist();
    assertThatThrownBy(() -> CommittedOutput.readSidecar(TestSpark.session(), out.toString(),
        ScoreTableInfo.class)).hasMessageContaining("table not found");
    try (var names = Files.list(dir)) {
      assertThat(names.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith(".rerun.inprogress-"));
    }
    score(synthetic, syntheticAbe, out, false, -1);
    try (var names = Files.list(dir)) {
      assertThat(names.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".rerun.inprogress-"));
    }
    for (String table : List.of("impressions", "items")) {
      Map<String, Row> expected = rows(clean.resolve(table));
      Map<String, Row> actual = rows(out.resolve(table));
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      expected.forEach((id, row) -> assertThat(actual.get(id)).as("bit-identical row %s of %s", id, table)
          .isEqualTo(row));
    }
  }

  private static Map<String, Row> rows(Path table) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : TestSpark.session().read().parquet(table.toString()).collectAsList()) {
      String id = r.schema().fieldNames()[0].equals("file") ? r.getAs("file") + ":" + r.getAs("line")
          : r.getAs("item_id");
      assertThat(out.put(id, r)).isNull();
    }
    return out;
  }

  @Test
  void anUnknownItemIsSkippedAndCountedNamingFileLineAndField() throws IOException {
    // the catalogue lacks one impressed item: its impressions are skipped, counted and named
    Path data = dir.resolve("data-without-an-item");
    Files.createDirectories(data);
    for (String f : List.of("behaviors.tsv", "impressions.tsv")) {
      Files.copy(synthetic.data().resolve(f), data.resolve(f));
    }
    List<String> items = Files.readAllLines(synthetic.data().resolve("items.tsv"));
    List<String> impressions = Files.readAllLines(synthetic.data().resolve("impressions.tsv"));
    String dropped = impressions.get(1).split("\t")[1];
    long affected = impressions.stream().skip(1).filter(l -> l.split("\t")[1].equals(dropped)).count();
    Files.write(data.resolve("items.tsv"), items.stream().filter(l -> !l.split("\t")[0].equals(dropped)).toList());
    ScoreJob.Result r = ScoreJob.run(TestSpark.session(), new ScoreJob.Inputs(synthetic.checkpoint(),
        synthetic.history(), syntheticAbe, data.toString(), InputFormat.TSV), new ScoreSettings(2, 16, false, -1,
        false), dir.resolve("scores").toString());
    assertThat(r.info().unknownItemImpressions()).isEqualTo(affected);
    assertThat(r.info().unknownItemIds()).containsExactly(dropped);
    assertThat(r.info().impressions()).isEqualTo(impressions.size() - 1 - affected);
    assertThat(r.info().examples()).first().asString()
        .contains(synthetic.data().resolve("impressions.tsv") + ":2: field 'item_id': unknown item '" + dropped + "'");
  }

  @Test
  void aKeyMissingFromTheAbeTableStopsTheJobNamingFileLineAndFieldOrIsSkippedAndCounted() {
    StoreMetadata metadata = ScoreFixtures.metadata(synthetic);
    // drop one behaviour key that the first impression's history needs
    Row first = TestSpark.session().read().parquet(synthetic.history()).filter("line = 2").first();
    long dropped = -1;
    String type = null;
    Map<String, scala.collection.Seq<Long>> history = scala.jdk.javaapi.CollectionConverters.asJava(
        first.<scala.collection.Map<String, scala.collection.Seq<Long>>>getAs("history"));
    for (var e : new java.util.TreeMap<>(history).entrySet()) {
      if (e.getValue().nonEmpty()) {
        dropped = e.getValue().head();
        type = e.getKey();
        break;
      }
    }
    assertThat(type).as("the first impression has a history").isNotNull();
    long key = dropped;
    String abe = ScoreFixtures.abeTableOfStore(synthetic, metadata, metadata, dir.resolve("abe-missing"),
        k -> k != key);
    String impressions = synthetic.data().resolve("impressions.tsv").toString();
    assertThatThrownBy(() -> score(synthetic, abe, dir.resolve("strict"), false, -1))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(impressions + ":2: field 'history.")
        .hasMessageContaining("key " + key + " is not in the ABE table")
        .hasMessageContaining("1 distinct keys missing");
    assertThat(dir.resolve("strict")).doesNotExist();

    ScoreJob.Result r = score(synthetic, abe, dir.resolve("skipping"), true, -1);
    long total = ScoreFixtures.predictions(synthetic.predictions()).size();
    assertThat(r.info().missingKeyImpressions()).isPositive();
    assertThat(r.info().impressions()).isEqualTo(total - r.info().missingKeyImpressions());
    assertThat(r.info().examples()).first().asString().startsWith(impressions + ":2: field 'history.");
  }

  @Test
  void aCheckpointOfAnotherEncoderThanTheAbeTableIsRefusedNamingTheFields() {
    StoreMetadata metadata = ScoreFixtures.metadata(synthetic);
    EncoderIdentity e = metadata.encoder();
    StoreMetadata other = new StoreMetadata(new EncoderIdentity(e.modelName(), e.weightsChecksum(), e.splitLayer(),
        "cls", e.dimension(), e.maxTokens() + 8), metadata.dtype());
    String abe = ScoreFixtures.abeTableOfStore(synthetic, metadata, other, dir.resolve("abe-other"), k -> true);
    assertThatThrownBy(() -> score(synthetic, abe, dir.resolve("refused"), false, -1))
        .isInstanceOf(MetadataMismatchException.class)
        .hasMessageContaining("pooling").hasMessageContaining("maxTokens");
    assertThat(dir.resolve("refused")).doesNotExist();
  }
}
