package dev.bahe.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Token ids of a batch of texts, padded to a common length, row-major {@code [batchSize, length]}.
 *
 * @param ids token ids, {@code batchSize * length} values; padding positions hold the pad id
 * @param mask 1 for a real token, 0 for padding, same layout as {@code ids}
 * @param lengths number of real tokens of each row (after truncation)
 * @param batchSize number of texts
 * @param length padded length of every row
 */
public record TokenizedBatch(long[] ids, long[] mask, int[] lengths, int batchSize, int length) {

  public TokenizedBatch {
    if (ids.length != (long) batchSize * length || mask.length != ids.length || lengths.length != batchSize) {
      throw new IllegalArgumentException(
          "inconsistent batch: ids " + ids.length + ", mask " + mask.length + ", lengths " + lengths.length
              + " for " + batchSize + " x " + length);
    }
  }

  /** {@code ids} as an int64 NDArray {@code [batchSize, length]}. */
  public NDArray idsArray(NDManager manager) {
    return manager.create(ids, new Shape(batchSize, length));
  }

  /** {@code mask} as an int64 NDArray {@code [batchSize, length]}. */
  public NDArray maskArray(NDManager manager) {
    return manager.create(mask, new Shape(batchSize, length));
  }

  /** {@code (ids, mask)} as the input of {@link LayeredLanguageModel#lower(int)}. */
  public NDList toNDList(NDManager manager) {
    return new NDList(idsArray(manager), maskArray(manager));
  }

  /** Total real tokens in the batch. */
  public long realTokens() {
    long n = 0;
    for (int l : lengths) {
      n += l;
    }
    return n;
  }
}
