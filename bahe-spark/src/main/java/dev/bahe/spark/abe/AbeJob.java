package dev.bahe.spark.abe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.KeyCollisionException;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.spark.input.BadInputException;
import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.keys.KeyColumns;
import dev.bahe.spark.output.CommittedOutput;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic Behaviour Encoding on Spark: every behaviour and item text, normalised and keyed as the project does
 * ({@code BehaviorKeys}), deduplicated by key (two different texts with one key are refused, as a store refuses
 * them), hash-partitioned by key, encoded on the executors by the frozen lower part ({@link ExecutorEncoders}),
 * and written as the Parquet table {@code (key bigint, text string, vector array<float>)} with the sidecar
 * {@link AbeTableInfo} (the encoder identity a store is created with), committed by {@link CommittedOutput}.
 *
 * <p>Within a partition the texts are sorted by length, then text, and cut into batches, as the single-machine
 * pipeline does, so padding stays small and a rerun encodes exactly the same batches.
 */
public final class AbeJob {

  private static final Logger LOG = LoggerFactory.getLogger(AbeJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The table's schema. */
  public static final StructType SCHEMA = new StructType()
      .add("key", DataTypes.LongType, false)
      .add("text", DataTypes.StringType, false)
      .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private AbeJob() {}

  /**
   * What one run did.
   *
   * @param info the table's sidecar
   * @param seconds wall time of the job (scan, dedupe, encode, write)
   */
  public record Result(AbeTableInfo info, double seconds) {

    /** Unique texts encoded per second of job time. */
    public double textsPerSecond() {
      return seconds > 0 ? info.rows() / seconds : 0;
    }
  }

  /** Encodes the unique texts of {@code input} into the table at {@code out}. */
  public static Result run(SparkSession spark, InputTables input, BackboneOptions backbone, EncoderOptions encoder,
      AbeSettings settings, String out) {
    long start = System.nanoTime();
    EncoderSpec spec = ship(spark, backbone, encoder);
    StoreMetadata metadata = new StoreMetadata(identity(spark, spec), "float32");

    Dataset<Row> texts = input.behaviors().select("text").unionAll(input.items().select("text"))
        .select(KeyColumns.normalize(col("text")).as("text"));
    Dataset<Row> empty = texts.filter(col("text").equalTo(""));
    if (!empty.isEmpty()) {
      throw new BadInputException("a behaviour or item text is empty after normalisation (NFKC, whitespace"
          + " collapsed); fix or drop it in " + input.report().location());
    }
    Dataset<Row> unique = texts.withColumn("key", KeyColumns.keyOfNormalized(col("text")))
        .groupBy("key").agg(min("text").as("text"), max("text").as("other"), count("text").as("n"))
        .cache();
    List<Row> collisions = unique.filter(col("text").notEqual(col("other"))).limit(1).collectAsList();
    if (!collisions.isEmpty()) {
      Row c = collisions.get(0);
      throw new KeyCollisionException(c.getLong(c.fieldIndex("key")), c.getAs("text"), c.getAs("other"));
    }
    long rows = unique.count();
    long occurrences = input.report().behaviors() + input.report().items();

    int d = metadata.dimension();
    int batchSize = settings.batchSize();
    int fail = settings.failPartitionOnce();
    JavaRDD<Row> encoded = unique.select("key", "text").repartition(settings.partitions(), col("key")).javaRDD()
        .mapPartitions(rowsOfPartition -> encodePartition(rowsOfPartition, spec, d, batchSize, fail));
    Dataset<Row> table = spark.createDataFrame(encoded, SCHEMA).sortWithinPartitions("key");
    AbeTableInfo info = new AbeTableInfo(AbeTableInfo.FORMAT, metadata, rows, occurrences, occurrences - rows,
        input.report().location());
    CommittedOutput.write(spark, table, out, info, settings.overwrite());
    unique.unpersist();
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("ABE on Spark: {} unique texts of {} occurrences encoded into {} in {} s", rows, occurrences, out,
        String.format("%.1f", seconds));
    return new Result(info, seconds);
  }

  private static Iterator<Row> encodePartition(Iterator<Row> input, EncoderSpec spec, int d, int batchSize,
      int failPartitionOnce) {
    List<Row> rows = new ArrayList<>();
    input.forEachRemaining(rows::add);
    rows.sort(Comparator.<Row>comparingInt(r -> r.getString(1).length()).thenComparing(r -> r.getString(1)));
    TaskContext task = TaskContext.get();
    BehaviorEncoder encoder = ExecutorEncoders.get(spec, Math.max(1, task.cpus()));
    List<Row> out = new ArrayList<>(rows.size());
    for (int from = 0; from < rows.size(); from += batchSize) {
      List<Row> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
      List<String> batchTexts = batch.stream().map(r -> r.getString(1)).toList();
      float[] vectors = encoder.encode(batchTexts);
      if (vectors.length != batch.size() * d) {
        throw new IllegalStateException("encoder returned " + vectors.length + " values for " + batch.size()
            + " texts of dimension " + d);
      }
      for (int i = 0; i < batch.size(); i++) {
        float[] v = Arrays.copyOfRange(vectors, i * d, (i + 1) * d);
        for (float x : v) {
          if (!Float.isFinite(x)) {
            throw new IllegalStateException("encoder returned a non-finite value for text '" + batchTexts.get(i)
                + "'");
          }
        }
        out.add(RowFactory.create(batch.get(i).getLong(0), batchTexts.get(i), v));
      }
    }
    if (task.partitionId() == failPartitionOnce && task.attemptNumber() == 0) {
      throw new IllegalStateException("recovery drill: partition " + failPartitionOnce + " fails on its first"
          + " attempt");
    }
    return out.iterator();
  }

  /** Ships a model file given by path with the job; a bundled model needs nothing. */
  private static EncoderSpec ship(SparkSession spark, BackboneOptions backbone, EncoderOptions encoder) {
    String path = backbone.path();
    if (path.isEmpty() || path.startsWith("classpath:")) {
      return EncoderSpec.of(backbone, encoder, null);
    }
    File model = new File(path);
    if (!model.exists()) {
      throw new IllegalArgumentException("backbone.path " + path + " not found");
    }
    spark.sparkContext().addFile(model.getAbsolutePath(), model.isDirectory());
    if (model.isFile()) {
      String stem = model.getName().endsWith(".onnx")
          ? model.getName().substring(0, model.getName().length() - 5) : model.getName();
      for (String tokenizer : List.of(stem + "-tokenizer.json", "tokenizer.json")) {
        File t = new File(model.getAbsoluteFile().getParentFile(), tokenizer);
        if (t.isFile()) {
          spark.sparkContext().addFile(t.getAbsolutePath());
        }
      }
    }
    return EncoderSpec.of(backbone, encoder, model.getName());
  }

  /** The encoder identity, computed where the encoder runs: on an executor, whose session then stays open. */
  private static EncoderIdentity identity(SparkSession spark, EncoderSpec spec) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String json = jsc.parallelize(List.of(0), 1)
        .map(i -> JSON.writeValueAsString(ExecutorEncoders.get(spec, Math.max(1, TaskContext.get().cpus()))
            .identity()))
        .collect().get(0);
    try {
      return JSON.readValue(json, EncoderIdentity.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read the encoder identity " + json, e);
    }
  }
}
