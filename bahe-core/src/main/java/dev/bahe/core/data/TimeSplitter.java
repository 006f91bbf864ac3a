package dev.bahe.core.data;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.core.config.DataOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a dataset's impressions by time into train, validation and test (the latest), so that no model is
 * ever evaluated on impressions older than ones it trained on.
 *
 * <p>Impressions are sorted by timestamp (stably, so equal times keep their input order). The nominal cut
 * points are {@code n - round(n·(valid+test))} and {@code n - round(n·test)}; each cut is then moved back to the
 * first impression of its timestamp, so that all impressions sharing a timestamp land in the same (later)
 * split. Hence every train timestamp is strictly before every validation timestamp, and every validation
 * timestamp strictly before every test timestamp. Stateless and thread-safe.
 */
public final class TimeSplitter {

  private TimeSplitter() {}

  /** Splits by the fractions of {@code options}. */
  public static DatasetSplit split(Dataset dataset, DataOptions options) {
    return split(dataset, options.validFraction(), options.testFraction());
  }

  /**
   * Splits {@code dataset} with the given fractions of impressions (by count) in validation and test.
   *
   * @throws IllegalArgumentException when the fractions are out of range, or when a split that must not be
   *     empty (train, and test) ends up empty, e.g. because all impressions share one timestamp
   */
  public static DatasetSplit split(Dataset dataset, double validFraction, double testFraction) {
    if (validFraction < 0 || testFraction <= 0 || validFraction + testFraction >= 1) {
      throw new IllegalArgumentException("validFraction must be >= 0, testFraction > 0 and their sum < 1, were "
          + validFraction + " and " + testFraction);
    }
    List<Impression> sorted = new ArrayList<>(dataset.impressions());
    sorted.sort(Comparator.comparingLong(Impression::timestamp));
    int n = sorted.size();
    int testCount = (int) Math.round(n * testFraction);
    int holdout = (int) Math.round(n * (validFraction + testFraction));
    int trainEnd = alignToTimestampStart(sorted, n - holdout);
    int validEnd = Math.max(trainEnd, alignToTimestampStart(sorted, n - testCount));
    List<Impression> train = sorted.subList(0, trainEnd);
    List<Impression> valid = sorted.subList(trainEnd, validEnd);
    List<Impression> test = sorted.subList(validEnd, n);
    if (train.isEmpty() || test.isEmpty()) {
      throw new IllegalArgumentException("time split of dataset " + dataset.name() + " (" + n
          + " impressions, validFraction " + validFraction + ", testFraction " + testFraction + ") leaves "
          + (train.isEmpty() ? "train" : "test") + " empty; impressions need more distinct timestamps");
    }
    return new DatasetSplit(dataset, train, valid, test);
  }

  /** Moves {@code cut} back to the first index holding the timestamp of {@code sorted[cut]}. */
  private static int alignToTimestampStart(List<Impression> sorted, int cut) {
    if (cut <= 0 || cut >= sorted.size()) {
      return Math.max(0, Math.min(cut, sorted.size()));
    }
    long t = sorted.get(cut).timestamp();
    int i = cut;
    while (i > 0 && sorted.get(i - 1).timestamp() == t) {
      i--;
    }
    return i;
  }
}
