package dev.bahe.spark.score;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.config.ItemEncoding;
import dev.bahe.spark.abe.AbeTableInfo;
import dev.bahe.spark.history.HistoryTableInfo;
import dev.bahe.spark.input.BadInputException;
import dev.bahe.spark.input.InputFormat;
import dev.bahe.spark.input.InputReport;
import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.input.ItemTable;
import dev.bahe.spark.keys.KeyColumns;
import dev.bahe.spark.output.CommittedOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch scoring and export on Spark: a checkpoint, the history table ({@code spark history}), the ABE table
 * ({@code spark abe}) and the dataset's items give per impression the click probability and {@code Q_u}, and per
 * item {@code Q_i}, as two Parquet tables ({@value ScoreTableInfo#IMPRESSIONS}, {@value ScoreTableInfo#ITEMS})
 * committed together under one output directory with the sidecar {@link ScoreTableInfo}.
 *
 * <p>Before any scoring the inputs are checked: the checkpoint must be scorable from the history table
 * ({@link ScoringCheckpoint#checkScorable}) and the encoder its configuration names must be the one that wrote the
 * ABE table (the sidecar's metadata, compared field by field). Impressions whose item is not in the catalogue are
 * skipped and counted (as the loaders do); an impression that needs a key the ABE table lacks stops the job naming
 * its file, line and field, or with {@code skipBadRows} is skipped and counted.
 *
 * <p>Plan: impressions are hash-partitioned by user; the distinct keys of each partition are joined to the ABE table
 * and sent to the same partition ahead of its impressions, so a task brings the vectors it needs and nothing more,
 * puts them into the executor model's store ({@link ExecutorModels}) and scores its impressions in batches
 * ({@link PartitionScorer}). Items go the same way. The order within a partition is fixed, so a rerun computes the
 * same batches and writes the same rows.
 */
public final class ScoreJob {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The impressions table's schema. */
  public static final StructType IMPRESSIONS = new StructType()
      .add("file", DataTypes.StringType, false)
      .add("line", DataTypes.LongType, false)
      .add("user_id", DataTypes.StringType, false)
      .add("item_id", DataTypes.StringType, false)
      .add("timestamp", DataTypes.LongType, false)
      .add("label", DataTypes.IntegerType, false)
      .add("probability", DataTypes.DoubleType, false)
      .add("q_u", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  /** The items table's schema. */
  public static final StructType ITEMS = new StructType()
      .add("item_id", DataTypes.StringType, false)
      .add("q_i", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private ScoreJob() {}

  /**
   * Where the job reads from.
   *
   * @param checkpoint checkpoint directory ({@code bahe train})
   * @param history history table ({@code bahe spark history})
   * @param abe ABE table ({@code bahe spark abe})
   * @param dataPath the dataset directory whose items are the catalogue
   * @param format the dataset's format
   */
  public record Inputs(Path checkpoint, String history, String abe, String dataPath, InputFormat format) {}

  /**
   * What one run did.
   *
   * @param info the output's sidecar
   * @param seconds wall time of the job (checks, joins, scoring, writing)
   */
  public record Result(ScoreTableInfo info, double seconds) {

    /** Impressions scored per second of job time. */
    public double impressionsPerSecond() {
      return seconds > 0 ? info.impressions() / seconds : 0;
    }
  }

  /** Scores every impression of the history table and every catalogue item into {@code out}. */
  public static Result run(SparkSession spark, Inputs in, ScoreSettings settings, String out) {
    long start = System.nanoTime();
    HistoryTableInfo historyInfo = CommittedOutput.readSidecar(spark, in.history(), HistoryTableInfo.class);
    requireFormat(in.history(), historyInfo.format(), HistoryTableInfo.FORMAT);
    AbeTableInfo abeInfo = CommittedOutput.readSidecar(spark, in.abe(), AbeTableInfo.class);
    requireFormat(in.abe(), abeInfo.format(), AbeTableInfo.FORMAT);
    ScoringCheckpoint checkpoint = ScoringCheckpoint.read(in.checkpoint());
    checkpoint.checkScorable(historyInfo.maxPerType());
    StoreMetadata metadata = abeInfo.metadata();
    EncoderIdentity identity = checkpoint.encoderIdentity();
    List<String> differences = new StoreMetadata(identity, metadata.dtype()).differences(metadata);
    if (!differences.isEmpty()) {
      throw new MetadataMismatchException("ABE table " + in.abe() + " (encoder of checkpoint " + in.checkpoint()
          + " vs the table's " + CommittedOutput.SIDECAR + ")", differences);
    }
    boolean pooledItems = checkpoint.config().sequence().itemEncoding() == ItemEncoding.POOLED;
    List<String> types = historyInfo.types();
    ScoringSpec spec = new ScoringSpec(checkpoint.ship(spark.sparkContext()),
        checkpoint.shipBackbone(spark.sparkContext()), types, json(metadata));
    Dataset<Row> abe = spark.read().parquet(in.abe()).select("key", "text", "vector");

    ItemTable catalogue = InputTables.readItems(spark, in.dataPath(), in.format(), settings.skipBadRows());
    Dataset<Row> items = catalogue.items().select(col("item_id"), col("text").as("item_text"));
    Dataset<Row> histories = spark.read().parquet(in.history());
    if (!List.of(histories.columns()).containsAll(List.of("history", "times", "counts"))) {
      throw new IllegalArgumentException(in.history() + ": a history table without the columns history, times and"
          + " counts (found: " + String.join(", ", histories.columns()) + "); rebuild it with spark history");
    }
    Dataset<Row> impressions = histories.join(items, new String[] {"item_id"}, "left")
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> unknown = impressions.filter(col("item_text").isNull());
    long unknownItems = unknown.count();
    List<String> unknownIds = unknown.select("item_id").distinct().sort("item_id").limit(InputReport.MAX_EXAMPLES)
        .as(Encoders.STRING()).collectAsList();
    List<String> examples = new ArrayList<>(catalogue.skippedExamples());
    unknown.sort("file", "line").limit(InputReport.MAX_EXAMPLES).collectAsList().forEach(r -> examples.add(
        r.getAs("file") + ":" + r.getAs("line") + ": field 'item_id': unknown item '" + r.getAs("item_id")
            + "' (not in " + in.dataPath() + "); impression skipped"));

    Dataset<Row> known = flattened(impressions.filter(col("item_text").isNotNull()), types, pooledItems);
    Dataset<Row> missing = missingKeys(known, abe);
    long missingImpressions = missing.select("file", "line").distinct().count();
    if (missingImpressions > 0) {
      long missingKeys = missing.select("key").distinct().count();
      List<Row> first = missing.sort("file", "line", "field").limit(InputReport.MAX_EXAMPLES).collectAsList();
      List<String> messages = first.stream().map(r -> r.getAs("file") + ":" + r.getAs("line") + ": field '"
          + r.getAs("field") + "': key " + r.getAs("key") + " is not in the ABE table " + in.abe()).toList();
      if (!settings.skipBadRows()) {
        throw new BadInputException(messages.get(0) + " (" + missingKeys + " distinct keys missing, needed by "
            + missingImpressions + " impressions; rerun spark abe over this dataset, or pass --skip-bad-rows to"
            + " skip those impressions)");
      }
      messages.forEach(m -> examples.add(m + "; impression skipped"));
      known = known.join(missing.select("file", "line").distinct(), new String[] {"file", "line"}, "left_anti");
    }

    int p = settings.partitions();
    Dataset<Row> impressionRows = withVectors(known.withColumn("part", pmod(xxhash64(col("user_id")), lit(p))),
        abe, List.of("file", "line", "user_id", "item_id", "timestamp", "label", "item_text", "keys", "times",
            "sizes", "counts"), p, "file", "line");
    PartitionScorer scorer = new PartitionScorer(spec, settings.batchSize());
    int fail = settings.failPartitionOnce();
    JavaRDD<Row> scored = impressionRows.javaRDD().mapPartitions(rows -> scorer.impressions(rows, fail));
    Dataset<Row> scoredTable = spark.createDataFrame(scored, IMPRESSIONS);

    Dataset<Row> itemRows = withVectors(items.withColumn("needs", pooledItems
            ? array(KeyColumns.key(col("item_text"))) : array().cast("array<bigint>"))
            .withColumn("part", pmod(xxhash64(col("item_id")), lit(p))),
        abe, List.of("item_id", "item_text"), p, "item_id");
    JavaRDD<Row> represented = itemRows.javaRDD().mapPartitions(scorer::items);
    Dataset<Row> itemTable = spark.createDataFrame(represented, ITEMS);

    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(ScoreTableInfo.IMPRESSIONS, scoredTable);
    tables.put(ScoreTableInfo.ITEMS, itemTable);
    Map<String, Long> skippedItems = new LinkedHashMap<>();
    catalogue.skippedRows().forEach((k, v) -> skippedItems.put(k.description(), v));
    // counts and dimensions as written, read back before the commit
    Function<String, Object> sidecar = written -> {
      Dataset<Row> i = spark.read().parquet(written + "/" + ScoreTableInfo.IMPRESSIONS);
      Dataset<Row> q = spark.read().parquet(written + "/" + ScoreTableInfo.ITEMS);
      List<Row> firstUser = i.select(size(col("q_u"))).limit(1).collectAsList();
      List<Row> firstItem = q.select(size(col("q_i"))).limit(1).collectAsList();
      return new ScoreTableInfo(ScoreTableInfo.FORMAT, in.checkpoint().toString(), checkpoint.provenance(),
          metadata, types, i.count(), q.count(), firstUser.isEmpty() ? 0 : firstUser.get(0).getInt(0),
          firstItem.isEmpty() ? 0 : firstItem.get(0).getInt(0), unknownItems, unknownIds, missingImpressions,
          skippedItems, examples, in.history(), in.abe());
    };
    CommittedOutput.writeAll(spark, tables, out, sidecar, settings.overwrite());
    impressions.unpersist();
    ScoreTableInfo info = CommittedOutput.readSidecar(spark, out, ScoreTableInfo.class);
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("scoring on Spark: {} impressions and {} items scored into {} in {} s ({} impressions of unknown"
        + " items and {} with missing keys skipped)", info.impressions(), info.items(), out,
        String.format("%.1f", seconds), unknownItems, missingImpressions);
    return new Result(info, seconds);
  }

  /**
   * The history columns flattened in type order ({@code keys}, {@code times}: all types one after the other;
   * {@code sizes}, {@code counts}: one per type) and {@code needs}: the keys whose vectors the row needs.
   */
  private static Dataset<Row> flattened(Dataset<Row> impressions, List<String> types, boolean pooledItems) {
    Column[] keys = types.stream().map(t -> coalesce(col("history").getItem(t), array().cast("array<bigint>")))
        .toArray(Column[]::new);
    Column[] times = types.stream().map(t -> coalesce(col("times").getItem(t), array().cast("array<bigint>")))
        .toArray(Column[]::new);
    Column[] sizes = types.stream().map(t -> size(coalesce(col("history").getItem(t),
        array().cast("array<bigint>")))).toArray(Column[]::new);
    Column[] counts = types.stream().map(t -> coalesce(col("counts").getItem(t), lit(0L))).toArray(Column[]::new);
    Dataset<Row> out = impressions
        .withColumn("keys", types.isEmpty() ? array().cast("array<bigint>") : flatten(array(keys)))
        .withColumn("times", types.isEmpty() ? array().cast("array<bigint>") : flatten(array(times)))
        .withColumn("sizes", array(sizes).cast("array<int>"))
        .withColumn("counts", array(counts).cast("array<bigint>"));
    return out.withColumn("needs", pooledItems
        ? concat(col("keys"), array(KeyColumns.key(col("item_text")))) : col("keys"));
  }

  /** The keys impressions need that the ABE table lacks: {@code file, line, field, key}. */
  private static Dataset<Row> missingKeys(Dataset<Row> impressions, Dataset<Row> abe) {
    Dataset<Row> needed = impressions.select(col("file"), col("line"), explode(col("history")).as(
            new String[] {"type", "type_keys"}))
        .select(col("file"), col("line"), concat(lit("history."), col("type")).as("field"),
            explode(col("type_keys")).as("key"));
    Dataset<Row> items = impressions.select(col("file"), col("line"), lit("item_id").as("field"),
        explode(col("needs")).as("key")).filter(not(array_contains(col("keys"), col("key"))));
    return needed.unionByName(items).join(abe.select("key"), new String[] {"key"}, "left_anti");
  }

  /**
   * {@code rows} (with {@code part} and {@code needs}) as the partition rows {@link PartitionScorer} reads: per
   * part first the distinct needed vectors (kind 0), then the rows themselves (kind 1) ordered by {@code order}.
   */
  private static Dataset<Row> withVectors(Dataset<Row> rows, Dataset<Row> abe, List<String> payload, int partitions,
      String... order) {
    Dataset<Row> vectors = rows.select(col("part"), explode(col("needs")).as("key")).distinct()
        .join(abe, new String[] {"key"}, "inner")
        .withColumn("kind", lit(0));
    List<Column> columns = new ArrayList<>(List.of(col("part"), col("kind"), col("key"), col("text"),
        col("vector")));
    payload.forEach(c -> columns.add(col(c)));
    Dataset<Row> payloadRows = rows.withColumn("kind", lit(1))
        .withColumn("key", lit(null).cast(DataTypes.LongType))
        .withColumn("text", lit(null).cast(DataTypes.StringType))
        .withColumn("vector", lit(null).cast("array<float>"));
    Dataset<Row> all = vectors.unionByName(payloadRows, true).select(columns.toArray(Column[]::new));
    List<Column> sort = new ArrayList<>(List.of(col("kind"), col("key")));
    for (String o : order) {
      sort.add(col(o));
    }
    return all.repartition(partitions, col("part")).sortWithinPartitions(sort.toArray(Column[]::new));
  }

  private static void requireFormat(String table, String format, String expected) {
    if (!expected.equals(format)) {
      throw new IllegalArgumentException(table + ": not a " + expected + " table (format " + format + ")");
    }
  }

  private static String json(StoreMetadata metadata) {
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the store metadata as JSON", e);
    }
  }
}
