package dev.bahe.examples.data;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a dataset's impressions by time: the earliest {@code 1 - valid - test} for training, then validation,
 * then the latest {@code test} fraction for testing. Impressions with equal timestamps never straddle a
 * boundary (the boundary moves later), so every training impression is strictly earlier than every validation
 * one, and those strictly earlier than every test one.
 */
public final class TimeSplitter {

  private TimeSplitter() {}

  public static DatasetSplit split(Dataset dataset, double validFraction, double testFraction) {
    if (validFraction < 0 || testFraction <= 0 || validFraction + testFraction >= 1) {
      throw new IllegalArgumentException("fractions must satisfy valid >= 0, test > 0, valid + test < 1; were "
          + validFraction + ", " + testFraction);
    }
    List<Impression> sorted = new ArrayList<>(dataset.impressions());
    sorted.sort(Comparator.comparingLong(Impression::timestamp));
    int n = sorted.size();
    int trainEnd = boundary(sorted, (int) Math.round(n * (1 - validFraction - testFraction)));
    int validEnd = Math.max(trainEnd, boundary(sorted, (int) Math.round(n * (1 - testFraction))));
    return new DatasetSplit(dataset, sorted.subList(0, trainEnd), sorted.subList(trainEnd, validEnd),
        sorted.subList(validEnd, n));
  }

  /** The first index at or after {@code i} whose timestamp differs from its predecessor's. */
  private static int boundary(List<Impression> sorted, int i) {
    int b = Math.min(Math.max(i, 0), sorted.size());
    while (b > 0 && b < sorted.size() && sorted.get(b).timestamp() == sorted.get(b - 1).timestamp()) {
      b++;
    }
    return b;
  }
}
