package dev.bahe.spark.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A dataset in the canonical layout (DESIGN §4) read and validated on the cluster: {@code items},
 * {@code behaviors} and {@code impressions} as DataFrames, each row with the {@code file} and {@code line} it came
 * from, plus the {@link InputReport}. The rules are the single-machine loader's: ids non-blank, texts non-blank,
 * integer timestamps, 0/1 labels, unique item ids (a second definition is the bad row); the first bad row fails the
 * read unless bad rows are skipped (then they are counted by reason, with examples); impressions of unknown items
 * are skipped and counted, impressions of users without behaviours kept and counted.
 *
 * @param items {@code item_id, text, file, line}
 * @param behaviors {@code user_id, type, timestamp, text, file, line}
 * @param impressions {@code user_id, item_id, timestamp, label, file, line}
 * @param types the behaviour types, sorted by name: the order of the feature-parallel sequences
 * @param report what was read and skipped
 */
public record InputTables(Dataset<Row> items, Dataset<Row> behaviors, Dataset<Row> impressions, List<String> types,
    InputReport report) {

  private static final StructType ITEMS = schema(
      DataTypes.createStructField("item_id", DataTypes.StringType, false),
      DataTypes.createStructField("text", DataTypes.StringType, false));
  private static final StructType BEHAVIORS = schema(
      DataTypes.createStructField("user_id", DataTypes.StringType, false),
      DataTypes.createStructField("type", DataTypes.StringType, false),
      DataTypes.createStructField("timestamp", DataTypes.LongType, false),
      DataTypes.createStructField("text", DataTypes.StringType, false));
  private static final StructType IMPRESSIONS = schema(
      DataTypes.createStructField("user_id", DataTypes.StringType, false),
      DataTypes.createStructField("item_id", DataTypes.StringType, false),
      DataTypes.createStructField("timestamp", DataTypes.LongType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, false));
  private static final int BAD_COLUMNS = 3;

  /**
   * Reads and validates the dataset in {@code dir}.
   *
   * @throws BadInputException for a missing file or header column, or (strict mode) the first bad row
   */
  public static InputTables read(SparkSession spark, String dir, InputFormat format, boolean skipBadRows) {
    Problems problems = new Problems(skipBadRows);
    Dataset<Row> items = items(spark, dir, format, problems);

    Dataset<Row> behaviors = problems.persist(problems.take(validated(spark,
        RawTables.read(spark, dir, "behaviors", format, List.of("user_id", "type", "timestamp", "text")),
        BEHAVIORS, r -> new Object[] {r.id("user_id"), r.id("type"), r.integer("timestamp"), r.text("text")})));
    Dataset<Row> impressions = problems.take(validated(spark,
        RawTables.read(spark, dir, "impressions", format, List.of("user_id", "item_id", "timestamp", "label")),
        IMPRESSIONS, r -> new Object[] {r.id("user_id"), r.id("item_id"), r.integer("timestamp"),
            r.label("label")}));

    Dataset<Row> itemIds = items.select("item_id");
    Dataset<Row> unknownItems = impressions.join(itemIds, impressions.col("item_id").equalTo(itemIds.col("item_id")),
        "left_anti");
    long unknownItemImpressions = unknownItems.count();
    List<String> unknownItemIds = unknownItems.select("item_id").distinct().sort("item_id")
        .limit(InputReport.MAX_EXAMPLES).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    impressions = problems.persist(impressions.join(itemIds, "item_id")
        .select("user_id", "item_id", "timestamp", "label", "file", "line"));
    Dataset<Row> users = behaviors.select("user_id").distinct();
    long unknownUserImpressions = impressions.join(users, "user_id", "left_anti").count();

    List<String> types = behaviors.select("type").distinct().sort("type")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    InputReport report = new InputReport(dir, items.count(), behaviors.count(), impressions.count(),
        problems.counts, problems.examples(), unknownItemImpressions, unknownItemIds, unknownUserImpressions);
    return new InputTables(items, behaviors, impressions, types, report);
  }

  /**
   * Only the items of the dataset in {@code dir}, validated by the same rules (for a job that needs the catalogue
   * but not the behaviours).
   *
   * @throws BadInputException for a missing file or header column, or (strict mode) the first bad row
   */
  public static ItemTable readItems(SparkSession spark, String dir, InputFormat format, boolean skipBadRows) {
    Problems problems = new Problems(skipBadRows);
    Dataset<Row> items = items(spark, dir, format, problems);
    return new ItemTable(items, items.count(), problems.counts, problems.examples());
  }

  private static Dataset<Row> items(SparkSession spark, String dir, InputFormat format, Problems problems) {
    Dataset<Row> items = validated(spark, RawTables.read(spark, dir, "items", format, List.of("item_id", "text")),
        ITEMS, r -> new Object[] {r.id("item_id"), r.text("text")});
    items = problems.take(items);
    // a second definition of an item id is the bad row, as when reading the file top to bottom
    Dataset<Row> numbered = items.withColumn("definition",
        row_number().over(Window.partitionBy("item_id").orderBy("file", "line")));
    Dataset<Row> duplicates = numbered.filter(col("definition").gt(1));
    problems.addDuplicates(duplicates);
    return problems.persist(numbered.filter(col("definition").equalTo(1)).drop("definition"));
  }

  /** Validates each raw row into the typed columns of {@code schema}, or into the three problem columns. */
  private static Dataset<Row> validated(SparkSession spark, JavaRDD<RawRow> raw, StructType schema,
      Function<RawRow, Object[]> parse) {
    int width = schema.size();
    JavaRDD<Row> rows = raw.map(r -> {
      Object[] out = new Object[width + 2 + BAD_COLUMNS];
      out[width] = r.file();
      out[width + 1] = r.line();
      BadRow bad = r.problem();
      if (bad == null) {
        try {
          Object[] values = parse.call(r);
          System.arraycopy(values, 0, out, 0, width);
        } catch (RawRow.Rejected e) {
          bad = e.row;
        }
      }
      if (bad != null) {
        out[width + 2] = bad.field();
        out[width + 3] = bad.reason().name();
        out[width + 4] = bad.detail();
      }
      return RowFactory.create(out);
    });
    StructType withProvenance = new StructType(nullable(schema.fields()))
        .add("file", DataTypes.StringType, false)
        .add("line", DataTypes.LongType, false)
        .add("bad_field", DataTypes.StringType, true)
        .add("bad_reason", DataTypes.StringType, true)
        .add("bad_detail", DataTypes.StringType, true);
    return spark.createDataFrame(rows, withProvenance);
  }

  private static StructField[] nullable(StructField[] fields) {
    StructField[] out = new StructField[fields.length];
    for (int i = 0; i < fields.length; i++) {
      out[i] = DataTypes.createStructField(fields[i].name(), fields[i].dataType(), true);
    }
    return out;
  }

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  /** Collects the bad rows of the tables in reading order; fails on the first in strict mode. */
  private static final class Problems {
    private final boolean skip;
    private final Map<RowProblem, Long> counts = new EnumMap<>(RowProblem.class);
    private final List<BadRow> examples = new ArrayList<>();

    Problems(boolean skip) {
      this.skip = skip;
    }

    /** Records the bad rows of {@code parsed} and returns its good rows without the problem columns. */
    Dataset<Row> take(Dataset<Row> parsed) {
      parsed = parsed.persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> bad = parsed.filter(col("bad_reason").isNotNull());
      record(bad.groupBy("bad_reason").count().collectAsList(),
          bad.sort("file", "line").limit(skip ? InputReport.MAX_EXAMPLES : 1).collectAsList());
      return parsed.filter(col("bad_reason").isNull()).drop("bad_field", "bad_reason", "bad_detail");
    }

    void addDuplicates(Dataset<Row> duplicates) {
      List<Row> first = duplicates.sort("file", "line").limit(skip ? InputReport.MAX_EXAMPLES : 1).collectAsList();
      long n = first.isEmpty() ? 0 : duplicates.count();
      List<BadRow> rows = first.stream().map(r -> new BadRow(r.getAs("file"), r.<Long>getAs("line"), "item_id",
          RowProblem.DUPLICATE_ID, "item '" + r.getAs("item_id") + "' is defined twice")).toList();
      add(n == 0 ? Map.of() : Map.of(RowProblem.DUPLICATE_ID, n), rows);
    }

    Dataset<Row> persist(Dataset<Row> table) {
      return table.persist(StorageLevel.MEMORY_AND_DISK());
    }

    private void record(List<Row> countRows, List<Row> firstRows) {
      Map<RowProblem, Long> n = new EnumMap<>(RowProblem.class);
      countRows.forEach(r -> n.put(RowProblem.valueOf(r.getString(0)), r.getLong(1)));
      List<BadRow> rows = firstRows.stream().map(r -> new BadRow(r.getAs("file"), r.<Long>getAs("line"),
          r.getAs("bad_field"), RowProblem.valueOf(r.getAs("bad_reason")), r.getAs("bad_detail"))).toList();
      add(n, rows);
    }

    private void add(Map<RowProblem, Long> n, List<BadRow> rows) {
      if (!rows.isEmpty() && !skip) {
        throw BadInputException.of(rows.get(0));
      }
      n.forEach((k, v) -> counts.merge(k, v, Long::sum));
      for (BadRow r : rows) {
        if (examples.size() < InputReport.MAX_EXAMPLES) {
          examples.add(r);
        }
      }
    }

    List<String> examples() {
      return examples.stream().map(BadRow::message).toList();
    }
  }
}
