package dev.bahe.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bahe.api.model.TokenizedBatch;
import java.util.List;

/** Real sentences of mixed length and small helpers shared by the tests. */
final class TestTexts {

  static final List<String> SENTENCES = List.of(
      "bought: wireless noise-cancelling earbuds",
      "searched: matcha latte near me",
      "Hi",
      "The quick brown fox jumps over the lazy dog while the farmer watches from the porch of his old wooden house.",
      "clicked: 4K television, 55 inch, with HDR10 and Dolby Vision support",
      "favourited: a paperback copy of 'Pride and Prejudice' by Jane Austen",
      "added to cart: organic oat milk (1 litre), two bags of coffee beans",
      "visited mini-program: city bike rental",
      "Star Wars (1977) Action|Adventure|Romance|Sci-Fi|War",
      "Toy Story");

  private TestTexts() {}

  /** Runs {@code block} in inference mode. */
  static NDArray forward(Block block, NDManager manager, NDList inputs) {
    return block.forward(new ParameterStore(manager, false), inputs, false).head();
  }

  /** Max |a - b| over the non-padding tokens of {@code [B, T, d]} arrays. */
  static double maxAbsDiffOnTokens(float[] a, float[] b, TokenizedBatch batch, int d) {
    double max = 0;
    for (int i = 0; i < batch.batchSize(); i++) {
      for (int t = 0; t < batch.lengths()[i]; t++) {
        int base = (i * batch.length() + t) * d;
        for (int j = 0; j < d; j++) {
          max = Math.max(max, Math.abs(a[base + j] - b[base + j]));
        }
      }
    }
    return max;
  }
}
