package dev.bahe.spark.abe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.cli.BaheCli;
import dev.bahe.spark.TestSpark;
import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.output.CommittedOutput;
import dev.bahe.stores.StoresModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ABE job against the single-machine {@code bahe encode}: the same keys and texts, vectors within 1e-6, the
 * same store metadata; then {@code store import} of the table into file and lucene stores, refusing a metadata
 * mismatch and reporting duplicates; and a job whose task fails mid-way leaves nothing readable, and its rerun gives
 * the same table.
 */
class AbeJobTest {

  private static final String[] SETTINGS = {"backbone.splitLayer=2", "encoder.splitLayer=2", "encoder.maxTokens=24"};

  @TempDir
  Path dir;

  private static ExperimentConfig config(String... more) {
    List<String> o = new java.util.ArrayList<>(List.of(SETTINGS));
    o.addAll(List.of(more));
    return new ConfigLoader().load(null, o);
  }

  private static Path movieLens() {
    Path movielens = TestSpark.movieLensDir();
    assumeThat(movielens).as("MovieLens 100k (../shared/datasets/ml-100k)").isNotNull();
    return movielens;
  }

  /** The canonical TSV layout of MovieLens, written by the single-machine code. */
  private Path movieLensTsv() {
    Path data = dir.resolve("ml-tsv");
    dev.bahe.examples.data.TabularDatasetWriter.write(
        TestSpark.load("data.source=movielens", "data.path='" + movieLens() + "'"), data,
        dev.bahe.examples.data.TabularFormat.TSV);
    return data;
  }

  private static AbeJob.Result abe(Path data, Path out, int failPartition) {
    SparkSession spark = TestSpark.session();
    InputTables input = InputTables.read(spark, data.toString(), InputFormat.TSV, false);
    ExperimentConfig c = config();
    return AbeJob.run(spark, input, c.backbone(), c.encoder(), new AbeSettings(4, 64, failPartition, false),
        out.toString());
  }

  private static BehaviorStore openStore(String name, Path path, StoreMetadata metadata) {
    Map<String, BehaviorStoreFactory> factories = Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
    return factories.get(name).open(new StoreOptions(name, path.toString(), "float32", null), metadata);
  }

  private static Map<Long, Row> rowsByKey(Path table) {
    Map<Long, Row> rows = new HashMap<>();
    for (Row r : TestSpark.session().read().parquet(table.toString()).collectAsList()) {
      assertThat(rows.put(r.getLong(0), r)).as("key %d appears once", r.getLong(0)).isNull();
    }
    return rows;
  }

  @Test
  @Tag("slow")
  void movieLensTableEqualsBaheEncodeAndImportsIntoFileAndLuceneStores() {
    Path data = movieLensTsv();
    Path table = dir.resolve("abe");
    AbeJob.Result result = abe(data, table, -1);

    Path local = dir.resolve("store-local");
    int rc = BaheCli.run("encode", "--data", "tsv", "--data-path", data.toString(), "--store", "file",
        "--store-path", local.toString(), "--set", SETTINGS[0], "--set", SETTINGS[1], "--set", SETTINGS[2]);
    assertThat(rc).isZero();

    Map<Long, Row> rows = rowsByKey(table);
    StoreMetadata metadata = result.info().metadata();
    assertThat(rows).hasSize((int) result.info().rows());
    // opening the store with the table's metadata succeeds only if the identities are equal
    try (BehaviorStore store = openStore("file", local, metadata)) {
      assertThat(store.metadata()).isEqualTo(metadata);
      assertThat(store.size()).isEqualTo(rows.size());
      double worst = 0;
      for (Row r : rows.values()) {
        long key = r.getLong(0);
        assertThat(store.text(key)).as("text of key %d", key).contains(r.getString(1));
        float[] expected = store.get(key).orElseThrow();
        List<Float> actual = r.getList(2);
        assertThat(actual).hasSize(expected.length);
        for (int j = 0; j < expected.length; j++) {
          worst = Math.max(worst, Math.abs(expected[j] - actual.get(j)));
        }
      }
      assertThat(worst).as("largest difference to bahe encode").isLessThanOrEqualTo(1e-6);
    }
    assertThat(result.info().occurrences()).isEqualTo(100_000 + 1682);
    assertThat(result.info().duplicates()).isEqualTo(result.info().occurrences() - rows.size());

    for (String storeName : List.of("file", "lucene")) {
      Path storePath = dir.resolve("imported-" + storeName);
      StoreOptions options = new StoreOptions(storeName, storePath.toString(), "float32", null);
      StoreImport.Result first = StoreImport.run(TestSpark.session(), table.toString(), options, 500);
      assertThat(first.ok()).isTrue();
      assertThat(first.imported()).isEqualTo(rows.size());
      StoreImport.Result again = StoreImport.run(TestSpark.session(), table.toString(), options, 500);
      assertThat(again.imported()).isZero();
      assertThat(again.duplicates()).isEqualTo(rows.size());
      try (BehaviorStore store = openStore(storeName, storePath, metadata)) {
        Row any = rows.values().iterator().next();
        float[] v = store.get(any.getLong(0)).orElseThrow();
        assertThat(v[0]).isEqualTo(any.<Float>getList(2).get(0));
        assertThat(store.size()).isEqualTo(rows.size());
      }
    }
  }

  @Test
  void importRefusesAStoreOfAnotherEncoderAndReportsCollisions() throws Exception {
    Path data = dir.resolve("small");
    Files.createDirectories(data);
    Files.writeString(data.resolve("items.tsv"), "item_id\ttext\ni1\tA red apple\ni2\tgreen  tea\n");
    Files.writeString(data.resolve("behaviors.tsv"),
        "user_id\ttype\ttimestamp\ttext\nu1\tclick\t1\tgreen tea\nu1\tclick\t2\tA red apple\nu2\tbuy\t3\tcoffee\n");
    Files.writeString(data.resolve("impressions.tsv"), "user_id\titem_id\ttimestamp\tlabel\nu1\ti1\t5\t1\n");
    Path table = dir.resolve("abe-small");
    AbeJob.Result result = abe(data, table, -1);
    assertThat(result.info().rows()).isEqualTo(3);
    assertThat(result.info().duplicates()).isEqualTo(2);

    // a store created by another encoder configuration (another split layer) is refused
    StoreMetadata other = new StoreMetadata(new dev.bahe.api.model.EncoderIdentity(
        result.info().metadata().encoder().modelName(), result.info().metadata().encoder().weightsChecksum(), 3,
        "mean", result.info().metadata().dimension(), 24), "float32");
    Path foreign = dir.resolve("foreign");
    try (BehaviorStore store = openStore("file", foreign, other)) {
      store.flush();
    }
    StoreOptions options = new StoreOptions("file", foreign.toString(), "float32", null);
    assertThatThrownBy(() -> StoreImport.run(TestSpark.session(), table.toString(), options, 10))
        .isInstanceOf(MetadataMismatchException.class).hasMessageContaining("splitLayer");

    // a store holding one of the table's keys with another text: the collision is reported, nothing imported
    Path colliding = dir.resolve("colliding");
    Row first = rowsByKey(table).values().iterator().next();
    try (BehaviorStore store = openStore("file", colliding, result.info().metadata())) {
      store.putAll(new long[] {first.getLong(0)}, new String[] {"another text"},
          new float[result.info().metadata().dimension()]);
      store.flush();
    }
    StoreImport.Result refused = StoreImport.run(TestSpark.session(), table.toString(),
        new StoreOptions("file", colliding.toString(), "float32", null), 10);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.collisions()).isEqualTo(1);
    assertThat(refused.collisionExamples()).singleElement().asString().contains("another text");
    assertThat(refused.imported()).isZero();
    assertThat(refused.storeSize()).isEqualTo(1);
  }

  @Test
  void aTaskFailingMidwayLeavesNoReadableTableAndTheRerunWritesTheSameOne() {
    Path data = dir.resolve("synthetic");
    dev.bahe.examples.data.TabularDatasetWriter.write(TestSpark.load("data.source=synthetic",
        "data.syntheticUsers=12", "data.syntheticItems=40", "data.seed=3"), data,
        dev.bahe.examples.data.TabularFormat.TSV);
    Path clean = dir.resolve("abe-clean");
    abe(data, clean, -1);

    Path table = dir.resolve("abe-rerun");
    assertThatThrownBy(() -> abe(data, table, 3)).hasStackTraceContaining("recovery drill");
    assertThat(table).doesNotExist();
    assertThatThrownBy(() -> CommittedOutput.readSidecar(TestSpark.session(), table.toString(),
        AbeTableInfo.class)).hasMessageContaining("table not found");
    // the failed attempt left its partial files only in a hidden in-progress directory
    assertThat(dir.toFile().list()).anyMatch(n -> n.startsWith(".abe-rerun.inprogress-"));

    abe(data, table, -1);
    assertThat(dir.toFile().list()).noneMatch(n -> n.startsWith(".abe-rerun.inprogress-"));
    Map<Long, Row> expected = rowsByKey(clean);
    Map<Long, Row> actual = rowsByKey(table);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (Row r : expected.values()) {
      Row a = actual.get(r.getLong(0));
      assertThat(a.getString(1)).isEqualTo(r.getString(1));
      assertThat(a.<Float>getList(2)).as("bit-identical vector of key %d", r.getLong(0))
          .containsExactlyElementsOf(r.<Float>getList(2));
    }
  }
}
