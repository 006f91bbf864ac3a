package dev.bahe.spark;

import dev.bahe.api.data.Dataset;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.DataOptions;
import dev.bahe.examples.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session shared by the module's tests (a session takes seconds to start), and their data. */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** The shared {@code local[2]} session: UI off, 2 shuffle partitions, loopback driver. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.create("bahe-spark-test", "local[2]", 2);
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /** The ml-100k folder: {@code -Dbahe.movielens=DIR}, else {@code shared/datasets/ml-100k} in a parent folder. */
  public static Path movieLensDir() {
    String property = System.getProperty("bahe.movielens");
    if (property != null) {
      return Path.of(property);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/datasets/ml-100k");
      if (Files.isRegularFile(candidate.resolve("u.data"))) {
        return candidate;
      }
    }
    return null;
  }

  /** A dataset loaded by the single-machine loaders from {@code data.*} overrides. */
  public static Dataset load(String... overrides) {
    return Datasets.load(dataOptions(overrides));
  }

  public static DataOptions dataOptions(String... overrides) {
    List<String> o = new ArrayList<>();
    for (String s : overrides) {
      o.add(s);
    }
    return new ConfigLoader().load(null, o).data();
  }
}
