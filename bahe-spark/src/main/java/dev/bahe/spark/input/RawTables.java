package dev.bahe.spark.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * Reads one input table into {@link RawRow}s, numbering rows as the single-machine loaders do: TSV and JSON Lines
 * by 1-based line (a TSV header is line 1; blank lines are skipped but counted), Parquet by 1-based row within its
 * file. Reading is one linear pass; the line numbers come from the file's split order ({@code zipWithIndex}).
 */
final class RawTables {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RawTables() {}

  /** The rows of table {@code name} ({@code items}, {@code behaviors}, {@code impressions}) under {@code dir}. */
  static JavaRDD<RawRow> read(SparkSession spark, String dir, String name, InputFormat format,
      List<String> fields) {
    String file = (dir.endsWith("/") ? dir : dir + "/") + name + "." + format.extension();
    requireExists(spark, dir, file, format);
    return switch (format) {
      case TSV -> tsv(spark, file, fields);
      case JSONL -> jsonl(spark, file, fields);
      case PARQUET -> parquet(spark, file, fields);
    };
  }

  private static void requireExists(SparkSession spark, String dir, String file, InputFormat format) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf);
      if (!fs.exists(d)) {
        throw new BadInputException(dir + ": dataset directory not found (expected items, behaviors and"
            + " impressions ." + format.extension() + " in it)");
      }
      if (!fs.exists(new Path(file))) {
        throw new BadInputException(file + ": file not found");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static JavaRDD<Tuple2<String, Long>> numberedLines(SparkSession spark, String file) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return jsc.textFile(file).zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2() + 1));
  }

  private static JavaRDD<RawRow> tsv(SparkSession spark, String file, List<String> required) {
    JavaRDD<Tuple2<String, Long>> lines = numberedLines(spark, file);
    List<Tuple2<String, Long>> first = lines.filter(t -> !t._1().isBlank()).take(1);
    if (first.isEmpty()) {
      throw new BadInputException(file + ":1: empty file: expected a header row with columns "
          + String.join(", ", required));
    }
    long headerLine = first.get(0)._2();
    String[] header = stripBom(first.get(0)._1()).split("\t", -1);
    for (int i = 0; i < header.length; i++) {
      header[i] = header[i].strip();
    }
    List<String> names = Arrays.asList(header);
    for (String column : names) {
      if (names.indexOf(column) != names.lastIndexOf(column)) {
        throw new BadInputException(file + ":" + headerLine + ": field '" + column + "': column appears twice in"
            + " the header");
      }
    }
    for (String column : required) {
      if (!names.contains(column)) {
        throw new BadInputException(file + ":" + headerLine + ": field '" + column + "': required column missing"
            + " from the header (found: " + String.join(", ", header) + ")");
      }
    }
    return lines.filter(t -> t._2() > headerLine && !t._1().isBlank()).map(t -> {
      String[] values = t._1().split("\t", -1);
      if (values.length != header.length) {
        String field = values.length < header.length ? header[values.length] : "(column " + values.length + ")";
        return new RawRow(file, t._2(), Map.of(), new BadRow(file, t._2(), field, RowProblem.WRONG_COLUMN_COUNT,
            "expected " + header.length + " tab-separated columns (" + String.join(", ", header) + "), found "
                + values.length));
      }
      Map<String, String> byName = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        byName.put(header[i], values[i]);
      }
      return new RawRow(file, t._2(), byName, null);
    });
  }

  private static JavaRDD<RawRow> jsonl(SparkSession spark, String file, List<String> required) {
    return numberedLines(spark, file).filter(t -> !t._1().isBlank()).map(t -> {
      String line = t._2() == 1 ? stripBom(t._1()) : t._1();
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        return new RawRow(file, t._2(), Map.of(), new BadRow(file, t._2(), "(json)", RowProblem.BAD_JSON,
            "not valid JSON: " + e.getOriginalMessage()));
      }
      if (node == null || !node.isObject()) {
        return new RawRow(file, t._2(), Map.of(), new BadRow(file, t._2(), "(json)", RowProblem.BAD_JSON,
            "expected a JSON object"));
      }
      Map<String, String> values = new HashMap<>();
      for (String field : required) {
        JsonNode v = node.get(field);
        if (v != null && v.isContainerNode()) {
          return new RawRow(file, t._2(), Map.of(), new BadRow(file, t._2(), field, RowProblem.BAD_JSON,
              "expected a string or number, found " + v.getNodeType()));
        }
        if (v != null && !v.isNull()) {
          values.put(field, v.asText());
        }
      }
      return new RawRow(file, t._2(), values, null);
    });
  }

  private static JavaRDD<RawRow> parquet(SparkSession spark, String file, List<String> required) {
    var table = spark.read().parquet(file);
    List<String> present = Arrays.asList(table.columns());
    for (String column : required) {
      if (!present.contains(column)) {
        throw new BadInputException(file + ": field '" + column + "': required column missing (found: "
            + String.join(", ", present) + ")");
      }
    }
    List<Column> columns = new ArrayList<>();
    columns.add(table.col("_metadata.file_path"));
    columns.add(table.col("_metadata.row_index"));
    for (String column : required) {
      columns.add(table.col(column).cast(DataTypes.StringType));
    }
    return table.select(columns.toArray(Column[]::new)).javaRDD().map((Row r) -> {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < required.size(); i++) {
        if (!r.isNullAt(i + 2)) {
          values.put(required.get(i), r.getString(i + 2));
        }
      }
      return new RawRow(r.getString(0), r.getLong(1) + 1, values, null);
    });
  }

  private static String stripBom(String line) {
    return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
  }
}
