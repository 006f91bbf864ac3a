package dev.bahe.spark.history;

import java.util.List;

/**
 * The sidecar of a history table.
 *
 * @param format {@value #FORMAT}
 * @param maxPerType {@code M}
 * @param types the behaviour types in the order of the feature-parallel sequences (sorted by name)
 * @param impressions rows in the table
 * @param input where the data came from
 */
public record HistoryTableInfo(String format, int maxPerType, List<String> types, long impressions, String input) {

  public static final String FORMAT = "bahe-history-table/1";
}
