package dev.bahe.core.data;

import dev.bahe.api.data.Impression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches over a list of impressions: shuffled (reproducibly, from a seed) for training, in order for
 * evaluation. Each batch is an unmodifiable view of at most {@code batchSize} impressions; the last one may be
 * smaller. The source list must not change while iterating.
 */
public final class MiniBatches implements Iterable<List<Impression>> {

  private final List<Impression> order;
  private final int batchSize;

  private MiniBatches(List<Impression> order, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.order = order;
    this.batchSize = batchSize;
  }

  /** Batches in the given order. */
  public static MiniBatches sequential(List<Impression> impressions, int batchSize) {
    return new MiniBatches(List.copyOf(impressions), batchSize);
  }

  /**
   * Batches in an order shuffled by {@code new Random(seed)} (Fisher-Yates via {@link Collections#shuffle}):
   * the same seed always gives the same batches.
   */
  public static MiniBatches shuffled(List<Impression> impressions, int batchSize, long seed) {
    List<Impression> copy = new ArrayList<>(impressions);
    Collections.shuffle(copy, new Random(seed));
    return new MiniBatches(Collections.unmodifiableList(copy), batchSize);
  }

  /** The seed of epoch {@code epoch} derived from a run seed, so every epoch has its own reproducible order. */
  public static long epochSeed(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Number of batches. */
  public int size() {
    return (order.size() + batchSize - 1) / batchSize;
  }

  /** Number of impressions over all batches. */
  public int impressions() {
    return order.size();
  }

  @Override
  public Iterator<List<Impression>> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.size();
      }

      @Override
      public List<Impression> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(order.size(), next + batchSize);
        List<Impression> batch = Collections.unmodifiableList(order.subList(next, end));
        next = end;
        return batch;
      }
    };
  }
}
