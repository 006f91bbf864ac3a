package dev.bahe.spark.input;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What reading a dataset found: what was loaded, rows skipped by reason (only with {@code skipBadRows}; in strict
 * mode the first bad row stops the job), and impressions whose item or user is unknown. As in the single-machine
 * loaders, an impression of an unknown item is skipped and counted, one of a user without behaviours is kept
 * (empty history) and counted; nothing is dropped silently.
 *
 * @param location the dataset directory
 * @param items items loaded
 * @param behaviors behaviours loaded
 * @param impressions impressions loaded (after skipping those of unknown items)
 * @param skippedRows rows skipped, by reason
 * @param skippedExamples the messages (file, line, field) of the first skipped rows in file and line order
 * @param unknownItemImpressions impressions skipped because their item is unknown
 * @param unknownItemIds the first distinct unknown item ids, sorted
 * @param unknownUserImpressions impressions kept whose user has no behaviour
 */
public record InputReport(String location, long items, long behaviors, long impressions,
    Map<RowProblem, Long> skippedRows, List<String> skippedExamples, long unknownItemImpressions,
    List<String> unknownItemIds, long unknownUserImpressions) {

  /** How many skipped-row messages and unknown ids are kept. */
  public static final int MAX_EXAMPLES = 20;

  public InputReport {
    skippedRows = Map.copyOf(skippedRows);
    skippedExamples = List.copyOf(skippedExamples);
    unknownItemIds = List.copyOf(unknownItemIds);
  }

  public long skippedTotal() {
    return skippedRows.values().stream().mapToLong(Long::longValue).sum();
  }

  public long skipped(RowProblem reason) {
    return skippedRows.getOrDefault(reason, 0L);
  }

  /** A human-readable summary for the console. */
  public String summary() {
    StringBuilder sb = new StringBuilder(String.format("data from %s: %d items, %d behaviours, %d impressions",
        location, items, behaviors, impressions));
    if (skippedTotal() > 0) {
      sb.append(String.format("%n  skipped %d bad rows: %s", skippedTotal(), skippedRows.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .map(e -> e.getKey().description() + " " + e.getValue())
          .collect(Collectors.joining(", "))));
      skippedExamples.forEach(m -> sb.append(String.format("%n    %s", m)));
    }
    if (unknownItemImpressions > 0) {
      sb.append(String.format("%n  skipped %d impressions of unknown items: %s", unknownItemImpressions,
          String.join(", ", unknownItemIds)));
    }
    if (unknownUserImpressions > 0) {
      sb.append(String.format("%n  kept %d impressions of users without behaviours (empty history)",
          unknownUserImpressions));
    }
    return sb.toString();
  }
}
