package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups the rows of a padded batch of sequences by length, so that the upper layers run each group padded only
 * to its own longest row instead of every row to the batch's longest.
 *
 * <p>The rows of a batch are independent sequences (one per impression and type), their padding masked out, so
 * running them in groups computes the same function; only the cost changes. A batch of long and short
 * histories pads badly: on MovieLens at {@code T = 4096} a random batch of 32 impressions pads its 96 type
 * sequences to 315 positions per impression where they hold 85 (97 in groups). The plan is the partition of the rows, sorted by
 * length, into contiguous groups that minimises the padded positions plus a fixed cost per group (one more pass
 * through the layers), an exact dynamic programme over at most a few hundred rows.
 */
final class LengthBuckets {

  /** The cost of one more group, in padded positions: a pass's fixed overhead is about this much arithmetic. */
  static final int GROUP_COST_POSITIONS = 16;

  /** One group: its rows in the batch, in the order they are run, and the length they are padded to. */
  record Bucket(int[] rows, int length) {}

  /** An encoder of rows padded to one length: inputs {@code [R, S, ...]} and masks {@code [R, S]} to {@code [R, d]}. */
  @FunctionalInterface
  interface PaddedEncoder {
    NDArray encode(NDArray inputs, NDArray attention, NDArray poolMask);
  }

  private LengthBuckets() {}

  /**
   * Runs {@code padded} on the rows of {@code inputs [R, S, ...]} (masks {@code [R, S]}) group by group of the
   * cheapest plan, each group cut to its length, and returns the pooled rows {@code [R, d]} in their original
   * order. Differentiable: the groups are gathered from and scattered back to the batch with index operations.
   */
  static NDArray encode(NDArray inputs, NDArray attention, NDArray poolMask, PaddedEncoder padded) {
    Shape shape = attention.getShape();
    if (shape.dimension() != 2 || !poolMask.getShape().equals(shape) || shape.get(0) <= 1) {
      return padded.encode(inputs, attention, poolMask);
    }
    int rows = Math.toIntExact(shape.get(0));
    int columns = Math.toIntExact(shape.get(1));
    float[] used = attention.neq(0).logicalOr(poolMask.neq(0)).toType(DataType.FLOAT32, false).toFloatArray();
    List<Bucket> plan = plan(rowLengths(used, rows, columns), GROUP_COST_POSITIONS);
    if (plan.size() == 1) {
      if (plan.get(0).length() == columns) {
        return padded.encode(inputs, attention, poolMask);
      }
      NDIndex cut = new NDIndex(":, 0:{}", plan.get(0).length());
      return padded.encode(inputs.get(cut), attention.get(cut), poolMask.get(cut));
    }
    NDManager manager = inputs.getManager();
    NDList pooled = new NDList(plan.size());
    long[] inverse = new long[rows];
    int at = 0;
    for (Bucket bucket : plan) {
      long[] members = new long[bucket.rows().length];
      for (int i = 0; i < members.length; i++) {
        members[i] = bucket.rows()[i];
        inverse[bucket.rows()[i]] = at++;
      }
      NDArray index = manager.create(members);
      NDIndex cut = new NDIndex(":, 0:{}", bucket.length());
      pooled.add(padded.encode(inputs.get(cut).get(index), attention.get(cut).get(index),
          poolMask.get(cut).get(index)));
    }
    return NDArrays.concat(pooled, 0).get(manager.create(inverse));
  }

  /**
   * The length of each row of a {@code [R, S]} mask given row-major: one past its last non-zero position, so a
   * row's positions after it are padding; at least 1, so that an empty row still runs as a sequence.
   */
  static int[] rowLengths(float[] mask, int rows, int columns) {
    if (mask.length != (long) rows * columns) {
      throw new IllegalArgumentException("mask of " + mask.length + " values is not " + rows + " x " + columns);
    }
    int[] lengths = new int[rows];
    for (int r = 0; r < rows; r++) {
      int length = 1;
      for (int s = columns - 1; s >= 0; s--) {
        if (mask[r * columns + s] != 0f) {
          length = s + 1;
          break;
        }
      }
      lengths[r] = length;
    }
    return lengths;
  }

  /**
   * The cheapest grouping of rows of the given lengths, longest group first: every row in exactly one group,
   * each group padded to its longest row.
   */
  static List<Bucket> plan(int[] lengths, int groupCost) {
    int n = lengths.length;
    if (n == 0) {
      return List.of();
    }
    Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    // longest first; ties in row order, so the plan is a function of the lengths
    Arrays.sort(boxed, Comparator.comparingInt((Integer r) -> -lengths[r]).thenComparingInt(r -> r));
    int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    // best[i]: the cost of the rows order[i..n); a group starting at i is padded to lengths[order[i]]
    long[] best = new long[n + 1];
    int[] end = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      long length = lengths[order[i]];
      best[i] = Long.MAX_VALUE;
      for (int j = i + 1; j <= n; j++) {
        long cost = (j - i) * length + groupCost + best[j];
        if (cost < best[i]) {
          best[i] = cost;
          end[i] = j;
        }
      }
    }
    List<Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < n; i = end[i]) {
      buckets.add(new Bucket(Arrays.copyOfRange(order, i, end[i]), lengths[order[i]]));
    }
    return buckets;
  }

  /** The padded positions of a plan, without the per-group cost. */
  static long paddedPositions(List<Bucket> plan) {
    return plan.stream().mapToLong(b -> (long) b.rows().length * b.length()).sum();
  }
}
