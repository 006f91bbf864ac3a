package dev.bahe.examples.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a dataset load found: counts of what was loaded, rows skipped by reason (only with
 * {@code skipBadRows}), and impressions whose item or user is unknown.
 *
 * <p>Unknown references are never dropped silently: an impression of an item that is not in {@code items} is
 * skipped (it cannot be encoded) and counted here with the distinct item ids; an impression of a user with no
 * behaviour at all is kept (the user has an empty history, like a cold-start user) and counted here with the
 * distinct user ids.
 *
 * @param source the source name ({@code tsv}, {@code jsonl}, {@code movielens}, {@code synthetic})
 * @param location where the data came from (a directory, or a description for generated data)
 * @param items number of items loaded
 * @param users number of users with at least one behaviour
 * @param behaviors number of behaviours loaded
 * @param impressions number of impressions loaded (after skipping those of unknown items)
 * @param skippedRows rows skipped, by reason; empty in strict mode
 * @param skippedExamples the messages (file, line, field) of the first skipped rows, at most
 *     {@link #MAX_EXAMPLES}
 * @param unknownItemImpressions impressions skipped because their item is unknown
 * @param unknownItemIds the distinct unknown item ids, sorted
 * @param unknownUserImpressions impressions kept whose user has no behaviour
 * @param unknownUserIds the distinct users without behaviour that have impressions, sorted
 */
public record LoadReport(
    String source,
    String location,
    int items,
    int users,
    long behaviors,
    int impressions,
    Map<BadRowReason, Long> skippedRows,
    List<String> skippedExamples,
    long unknownItemImpressions,
    List<String> unknownItemIds,
    long unknownUserImpressions,
    List<String> unknownUserIds) {

  /** How many skipped-row messages are kept as examples. */
  public static final int MAX_EXAMPLES = 20;

  public LoadReport {
    skippedRows = skippedRows.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(skippedRows));
    skippedExamples = List.copyOf(skippedExamples);
    unknownItemIds = List.copyOf(unknownItemIds);
    unknownUserIds = List.copyOf(unknownUserIds);
  }

  /** A report for data that needed no validation (generated in memory). */
  public static LoadReport clean(String source, String location, int items, int users, long behaviors,
      int impressions) {
    return new LoadReport(source, location, items, users, behaviors, impressions, Map.of(), List.of(), 0,
        List.of(), 0, List.of());
  }

  /** Total rows skipped over all reasons. */
  public long skippedTotal() {
    return skippedRows.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Skipped rows of one reason. */
  public long skipped(BadRowReason reason) {
    return skippedRows.getOrDefault(reason, 0L);
  }

  /** Whether anything was skipped or referenced something unknown. */
  public boolean hasIssues() {
    return skippedTotal() > 0 || unknownItemImpressions > 0 || unknownUserImpressions > 0;
  }

  /** A multi-line human-readable summary for logs and the console. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%s data from %s: %d items, %d users, %d behaviours, %d impressions", source,
        location, items, users, behaviors, impressions));
    if (skippedTotal() > 0) {
      sb.append(String.format("%n  skipped %d bad rows: %s", skippedTotal(),
          skippedRows.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey().description() + " " + e.getValue())
              .collect(Collectors.joining(", "))));
      for (String example : skippedExamples) {
        sb.append(String.format("%n    %s", example));
      }
    }
    if (unknownItemImpressions > 0) {
      sb.append(String.format("%n  skipped %d impressions of %d unknown items: %s", unknownItemImpressions,
          unknownItemIds.size(), abbreviate(unknownItemIds)));
    }
    if (unknownUserImpressions > 0) {
      sb.append(String.format("%n  kept %d impressions of %d users without behaviours (empty history): %s",
          unknownUserImpressions, unknownUserIds.size(), abbreviate(unknownUserIds)));
    }
    return sb.toString();
  }

  private static String abbreviate(List<String> ids) {
    int shown = Math.min(ids.size(), 10);
    String head = String.join(", ", ids.subList(0, shown));
    return ids.size() > shown ? head + ", ... (" + (ids.size() - shown) + " more)" : head;
  }
}
