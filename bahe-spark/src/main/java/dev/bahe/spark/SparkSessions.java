package dev.bahe.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a job. On a cluster ({@code spark-submit}) the master and resources come from the submit
 * command; on one machine ({@code ./bahe spark ... --master local[N]}) and in tests the session is kept small:
 * UI off, few shuffle partitions, the driver bound to the loopback interface.
 */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * The session for {@code master}: null or empty uses what {@code spark-submit} configured; {@code local[N]}
   * starts a small local session.
   *
   * @param shufflePartitions {@code spark.sql.shuffle.partitions} for a local session
   */
  public static SparkSession create(String appName, String master, int shufflePartitions) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master != null && !master.isBlank()) {
      builder.master(master);
      if (master.startsWith("local")) {
        builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
            .config("spark.default.parallelism", Integer.toString(shufflePartitions))
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.adaptive.enabled", "false");
      }
    }
    SparkSession session = builder.getOrCreate();
    if (master != null && master.startsWith("local")) {
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
