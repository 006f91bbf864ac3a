package dev.bahe.api.data;

import java.util.List;

/**
 * A time-ordered split of a dataset's impressions. Every impression of {@code train} is no later than every
 * impression of {@code valid}, and those no later than every impression of {@code test}.
 */
public record DatasetSplit(Dataset dataset, List<Impression> train, List<Impression> valid, List<Impression> test) {

  public DatasetSplit {
    train = List.copyOf(train);
    valid = List.copyOf(valid);
    test = List.copyOf(test);
  }
}
