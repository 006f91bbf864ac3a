package dev.bahe.examples.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects the problems of one load: fails on the first bad row in strict mode, counts it by reason when bad
 * rows are skipped, and tracks impressions with unknown items or users. Not thread-safe.
 */
final class LoadIssues {

  private final boolean skipBadRows;
  private final Map<BadRowReason, Long> skipped = new EnumMap<>(BadRowReason.class);
  private final List<String> examples = new ArrayList<>();
  private final TreeSet<String> unknownItems = new TreeSet<>();
  private final TreeSet<String> unknownUsers = new TreeSet<>();
  private long unknownItemImpressions;
  private long unknownUserImpressions;

  LoadIssues(boolean skipBadRows) {
    this.skipBadRows = skipBadRows;
  }

  /** Records a bad row: rethrows it in strict mode or when it is not skippable, else counts it. */
  void badRow(DataFormatException e) {
    if (!skipBadRows || !e.skippable()) {
      throw e;
    }
    skipped.merge(e.reason(), 1L, Long::sum);
    if (examples.size() < LoadReport.MAX_EXAMPLES) {
      examples.add(e.getMessage());
    }
  }

  void unknownItem(String itemId) {
    unknownItemImpressions++;
    unknownItems.add(itemId);
  }

  void unknownUser(String userId) {
    unknownUserImpressions++;
    unknownUsers.add(userId);
  }

  LoadReport report(String source, String location, int items, int users, long behaviors, int impressions) {
    return new LoadReport(source, location, items, users, behaviors, impressions, skipped, examples,
        unknownItemImpressions, List.copyOf(unknownItems), unknownUserImpressions, List.copyOf(unknownUsers));
  }
}
