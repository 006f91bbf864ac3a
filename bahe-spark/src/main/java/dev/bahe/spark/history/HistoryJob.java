package dev.bahe.spark.history;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import dev.bahe.spark.input.InputTables;
import dev.bahe.spark.keys.KeyColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Point-in-time histories on Spark: for every impression at {@code t} and every behaviour type, the keys of the
 * user's most recent {@code M} behaviours of that type strictly before {@code t}, oldest first. The same selection
 * as the core's {@code UserHistory.recent} (which {@code BehaviorSelector} takes before its token budget),
 * including its tie-break: behaviours at equal times keep their input order (file, then line).
 *
 * <p>A linear plan, no {@code b.ts < i.ts} join: number each user's behaviours per type in time order; interleave
 * the impressions (one event per impression and type) into the same per-(user, type) order, an impression sorting
 * before behaviours at its own time; a running count of behaviours gives {@code c}, the number strictly before
 * the impression; its history is positions {@code (c - M, c]}, fetched with an equi-join on (user, type,
 * position). Each stage is a sort within a (user, type) partition or a hash join: {@code O(n log n)} for
 * {@code n} behaviours and impressions, with at most {@code M} joined rows per impression and type.
 *
 * <p>Output, one row per impression: {@code file, line} (where the impression was read: its identity),
 * {@code user_id, item_id, timestamp, label}, {@code history}: a map from every type to its key array (empty when
 * the user had none before {@code t}), {@code times}: the same map with each behaviour's timestamp in place of its
 * key, and {@code counts}: per type the number of all the user's behaviours strictly before {@code t} (of which
 * {@code history} holds the most recent {@code M}) — what a scorer needs to rebuild the impression's
 * point-in-time window of the history ({@code UserHistory.window}) without the whole history.
 */
public final class HistoryJob {

  private HistoryJob() {}

  /** The histories of every impression of {@code input}, {@code maxPerType} ({@code M}) per type. */
  public static Dataset<Row> histories(InputTables input, int maxPerType) {
    if (maxPerType <= 0) {
      throw new IllegalArgumentException("M (maxPerType) must be positive, was " + maxPerType);
    }
    Dataset<Row> behaviors = input.behaviors()
        .withColumn("pos", row_number().over(Window.partitionBy("user_id", "type")
            .orderBy("timestamp", "file", "line")))
        .withColumn("key", KeyColumns.key(col("text")))
        .select("user_id", "type", "timestamp", "pos", "key");

    Dataset<Row> impressions = input.impressions()
        .withColumnRenamed("file", "imp_file").withColumnRenamed("line", "imp_line");
    Column typeList = array(input.types().stream().map(t -> lit(t)).toArray(Column[]::new));
    Dataset<Row> perType = impressions.select(col("imp_file"), col("imp_line"), col("user_id"), col("timestamp"),
        explode(input.types().isEmpty() ? array().cast("array<string>") : typeList).as("type"));

    // kind 0 = impression, 1 = behaviour: an impression at t counts the behaviours ordered before it
    Dataset<Row> events = perType
        .select(col("user_id"), col("type"), col("timestamp"), lit(0).as("kind"), col("imp_file"), col("imp_line"))
        .unionByName(behaviors.select(col("user_id"), col("type"), col("timestamp"), lit(1).as("kind"),
            lit(null).cast(DataTypes.StringType).as("imp_file"), lit(null).cast(DataTypes.LongType).as("imp_line")));
    WindowSpec running = Window.partitionBy("user_id", "type").orderBy("timestamp", "kind")
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> counted = events.withColumn("before", sum("kind").over(running))
        .filter(col("kind").equalTo(0))
        .select("imp_file", "imp_line", "user_id", "type", "before");

    Dataset<Row> wanted = counted.filter(col("before").gt(0))
        .withColumn("pos", explode(sequence(greatest(col("before").minus(maxPerType - 1), lit(1L)),
            col("before"))));
    Dataset<Row> joined = wanted.join(behaviors.select(col("user_id"), col("type"), col("pos"), col("key"),
        col("timestamp").as("time")), new String[] {"user_id", "type", "pos"}, "inner");
    Dataset<Row> keysPerType = joined.groupBy("imp_file", "imp_line", "type")
        .agg(array_sort(collect_list(struct(col("pos"), col("key"), col("time")))).as("entries"))
        .withColumn("keys", transform(col("entries"), e -> e.getField("key")))
        .withColumn("times", transform(col("entries"), e -> e.getField("time")))
        .drop("entries");

    Dataset<Row> allTypes = counted.select("imp_file", "imp_line", "type", "before")
        .join(keysPerType, new String[] {"imp_file", "imp_line", "type"}, "left")
        .withColumn("keys", coalesce(col("keys"), array().cast("array<bigint>")))
        .withColumn("times", coalesce(col("times"), array().cast("array<bigint>")))
        .groupBy("imp_file", "imp_line")
        .agg(map_from_entries(collect_list(struct(col("type"), col("keys")))).as("history"),
            map_from_entries(collect_list(struct(col("type"), col("times")))).as("times"),
            map_from_entries(collect_list(struct(col("type"), col("before").cast("bigint")))).as("counts"));

    Dataset<Row> out = impressions.join(allTypes, new String[] {"imp_file", "imp_line"}, "left")
        .withColumn("history", emptyWhenNull("history", "array<struct<type:string,keys:array<bigint>>>"))
        .withColumn("times", emptyWhenNull("times", "array<struct<type:string,times:array<bigint>>>"))
        .withColumn("counts", emptyWhenNull("counts", "array<struct<type:string,count:bigint>>"));
    return out.select(col("imp_file").as("file"), col("imp_line").as("line"), col("user_id"), col("item_id"),
        col("timestamp"), col("label"), col("history"), col("times"), col("counts"));
  }

  /** An empty map (of the entry type {@code entries}) in place of null: an impression of a dataset without types. */
  private static Column emptyWhenNull(String column, String entries) {
    return when(col(column).isNull(), map_from_entries(array().cast(entries))).otherwise(col(column));
  }
}
