package dev.bahe.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.bahe.core.config.AlignmentOptions;
import dev.bahe.core.model.AlignableUpperLayers;
import dev.bahe.core.model.AlignmentCorpus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The label-free alignment of BAHE's upper layers before click training ({@link AlignmentOptions}).
 *
 * <p>Each step takes {@code batchSize} sequences of one length drawn from {@code 1..maxLength} (at most {@code M},
 * the behaviour positions the upper layers have), filled with stored behaviours in a seeded shuffled order (every
 * behaviour once before any twice), and lowers the mean squared difference between the upper layers' output at
 * every position and that behaviour's whole-backbone pooled output.
 * AdamW without weight decay, at a constant learning rate, updates the backbone parameters only (the upper layers
 * and the behaviour positions); the head, the reducer and the share weights get learning rate 0 and stay
 * bit-identical. Deterministic for a seed: the order, the lengths and every dropout mask (the engine is reseeded
 * each step).
 */
final class UpperLayerAlignment {

  private static final Logger LOG = LoggerFactory.getLogger(UpperLayerAlignment.class);
  private static final long SEED_SALT = 0x616C69676EL;
  private static final int LOG_EVERY = 100;

  /**
   * What an alignment did.
   *
   * @param behaviours stored behaviours it drew from
   * @param steps optimizer steps taken
   * @param firstLoss mean squared error of the first step, before any update
   * @param lastLoss mean squared error of the last step
   * @param seconds wall time, the targets included
   */
  record Report(int behaviours, int steps, double firstLoss, double lastLoss, double seconds) {}

  private UpperLayerAlignment() {}

  /**
   * Aligns {@code layers}, updating the backbone members of {@code params}; leaves every gradient zero.
   *
   * @param params the model's trainable parameters (gradients zero on entry)
   */
  static Report run(AlignableUpperLayers layers, List<TrainableParameter> params, AlignmentOptions options,
      int batchSize, long seed, NDManager parent) {
    long start = System.nanoTime();
    // a sequence never exceeds the behaviour positions the upper layers have (M)
    int longest = Math.min(options.maxLength(), layers.maxSequenceLength());
    if (longest < options.maxLength()) {
      LOG.info("alignment.maxLength {} exceeds the {} behaviours per type the model reads: sequences of 1..{}",
          options.maxLength(), layers.maxSequenceLength(), longest);
    }
    // the steps read at most this many behaviours: a larger store is sampled
    int usable = (int) Math.min(Integer.MAX_VALUE, (long) options.steps() * batchSize * longest);
    AlignmentCorpus corpus = layers.corpus(usable, seed ^ SEED_SALT, parent);
    int n = corpus.size();
    int d = corpus.dimension();
    if (n == 0) {
      throw new IllegalStateException("alignment.steps is " + options.steps() + " but the behaviour store is empty");
    }
    Random random = new Random(seed ^ SEED_SALT);
    int[] order = shuffled(n, random);
    int cursor = 0;
    double first = Double.NaN;
    double last = Double.NaN;
    double windowSum = 0;
    int windowSteps = 0;
    Engine engine = Engine.getInstance();
    try (AdamW optimizer = new AdamW(parent, 0)) {
      ParameterStore ps = new ParameterStore(parent, false);
      for (int step = 1; step <= options.steps(); step++) {
        int length = 1 + random.nextInt(longest);
        int rows = batchSize;
        float[] x = new float[rows * length * d];
        float[] y = new float[x.length];
        for (int r = 0; r < rows * length; r++) {
          if (cursor == n) {
            order = shuffled(n, random);
            cursor = 0;
          }
          int row = order[cursor++];
          System.arraycopy(corpus.vectors(), row * d, x, r * d, d);
          System.arraycopy(corpus.targets(), row * d, y, r * d, d);
        }
        engine.setRandomSeed(Trainer.stepSeed(seed ^ SEED_SALT, step));
        double loss;
        try (NDManager scope = parent.newSubManager()) {
          NDArray inputs = scope.create(x, new Shape(rows, length, d));
          NDArray targets = scope.create(y, new Shape(rows, length, d));
          try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray diff = layers.states(ps, inputs, true).sub(targets);
            NDArray mse = diff.mul(diff).mean();
            loss = mse.getFloat();
            if (!Double.isFinite(loss)) {
              throw new IllegalStateException("alignment step " + step + " of " + options.steps()
                  + " has a non-finite loss (" + loss + "); lower alignment.learningRate");
            }
            collector.backward(mse);
          }
        }
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          List<NDArray> grads = new ArrayList<>(params.size());
          for (TrainableParameter p : params) {
            grads.add(p.parameter().getArray().getGradient());
          }
          optimizer.step(params, grads, 1, options.learningRate(), 0);
          // the update zeroed the backbone's gradients; the others, left untouched, are cleared here
          for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).backbone()) {
              Trainer.clear(grads.get(i));
            }
          }
        }
        if (step == 1) {
          first = loss;
        }
        last = loss;
        windowSum += loss;
        windowSteps++;
        if (step % LOG_EVERY == 0 || step == options.steps()) {
          LOG.info("alignment step {}/{}: mean squared error {} over the last {} steps", step, options.steps(),
              String.format("%.5f", windowSum / windowSteps), windowSteps);
          windowSum = 0;
          windowSteps = 0;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Report(n, options.steps(), first, last, seconds);
  }

  private static int[] shuffled(int n, Random random) {
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    return order.stream().mapToInt(Integer::intValue).toArray();
  }
}
