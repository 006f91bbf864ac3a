package dev.bahe.spark.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Write-then-commit for job outputs: a table is written into a hidden sibling directory
 * ({@code .<name>.inprogress-<uuid>}), Spark's committer adds {@code _SUCCESS} once every task committed, the job
 * adds its sidecar {@value #SIDECAR} (what the table is), and only then is the directory renamed to its final
 * name. A failed or killed job therefore leaves no directory under the final name (only an in-progress one that
 * the next run removes), and a reader ({@link #readSidecar}) refuses a directory without {@code _SUCCESS} and the
 * sidecar: a partial table is never read as complete. Rerunning writes the same rows from scratch.
 */
public final class CommittedOutput {

  /** The sidecar file of a committed table. */
  public static final String SIDECAR = "_bahe.json";
  private static final String SUCCESS = "_SUCCESS";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CommittedOutput() {}

  /**
   * Writes {@code table} as Parquet at {@code out} with {@code sidecar} (serialised as JSON), committing by rename.
   *
   * @param overwrite replace an existing committed table; otherwise an existing {@code out} is an error
   */
  public static void write(SparkSession spark, Dataset<Row> table, String out, Object sidecar, boolean overwrite) {
    commit(spark, out, written -> sidecar, overwrite, temp -> writeTable(table, temp));
  }

  /**
   * Writes several tables as one output: each as Parquet in its own subdirectory of {@code out} (with its own
   * {@code _SUCCESS}), then {@code _SUCCESS} and the sidecar at the top, committing all of them with one rename;
   * a job that fails in any table leaves none of them under {@code out}.
   *
   * @param tables subdirectory name to table, written in iteration order
   * @param sidecar the sidecar, made from the directory the tables were written to (not yet committed)
   */
  public static void writeAll(SparkSession spark, Map<String, Dataset<Row>> tables, String out,
      Function<String, Object> sidecar, boolean overwrite) {
    commit(spark, out, sidecar, overwrite, temp -> {
      for (Map.Entry<String, Dataset<Row>> e : tables.entrySet()) {
        writeTable(e.getValue(), new Path(temp, e.getKey()));
      }
      try (OutputStream os = temp.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .create(new Path(temp, SUCCESS), false)) {
        os.flush();
      }
    });
  }

  private static void writeTable(Dataset<Row> table, Path dir) throws IOException {
    table.write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
    if (!dir.getFileSystem(table.sparkSession().sparkContext().hadoopConfiguration())
        .exists(new Path(dir, SUCCESS))) {
      throw new IllegalStateException("Spark finished writing " + dir + " without " + SUCCESS);
    }
  }

  /** What writes the tables into the in-progress directory. */
  private interface TableWriter {
    void write(Path temp) throws IOException;
  }

  private static void commit(SparkSession spark, String out, Function<String, Object> sidecar, boolean overwrite,
      TableWriter writer) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(out);
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException(out + " already exists; remove it or pass --overwrite");
      }
      Path parent = target.getParent();
      fs.mkdirs(parent);
      removeStale(fs, parent, target.getName());
      Path temp = new Path(parent, "." + target.getName() + ".inprogress-" + UUID.randomUUID());
      writer.write(temp);
      try (OutputStream os = fs.create(new Path(temp, SIDECAR), false)) {
        JSON.writeValue(os, sidecar.apply(temp.toString()));
      }
      if (fs.exists(target)) {
        Path old = new Path(parent, "." + target.getName() + ".replaced-" + UUID.randomUUID());
        rename(fs, target, old);
        rename(fs, temp, target);
        fs.delete(old, true);
      } else {
        rename(fs, temp, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  /**
   * The sidecar of the committed table at {@code dir}.
   *
   * @throws IllegalArgumentException when {@code dir} is missing or not a committed table (no {@code _SUCCESS} or
   *     no sidecar: a job still running, or one that failed)
   */
  public static <T> T readSidecar(SparkSession spark, String dir, Class<T> type) {
    Path table = new Path(dir);
    try {
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(table)) {
        throw new IllegalArgumentException(dir + ": table not found");
      }
      if (!fs.exists(new Path(table, SUCCESS)) || !fs.exists(new Path(table, SIDECAR))) {
        throw new IllegalArgumentException(dir + ": not a committed table (no " + SUCCESS + " and " + SIDECAR
            + "): the job that wrote it did not finish");
      }
      try (InputStream in = fs.open(new Path(table, SIDECAR))) {
        return JSON.readValue(in, type);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + "/" + SIDECAR, e);
    }
  }

  /** Removes in-progress directories of earlier failed runs for the same output. */
  private static void removeStale(FileSystem fs, Path parent, String name) throws IOException {
    if (!fs.exists(parent)) {
      return;
    }
    for (FileStatus s : fs.listStatus(parent)) {
      String n = s.getPath().getName();
      if (n.startsWith("." + name + ".inprogress-") || n.startsWith("." + name + ".replaced-")) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }
}
