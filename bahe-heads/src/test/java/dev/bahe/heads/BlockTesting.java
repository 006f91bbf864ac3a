package dev.bahe.heads;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;

/** Helpers shared by the contract tests: forward passes, a separable toy problem, Adam steps. */
final class BlockTesting {

  private static final Loss BCE = Loss.sigmoidBinaryCrossEntropyLoss();

  private BlockTesting() {}

  static NDArray forward(Block block, NDManager manager, NDArray x, boolean training) {
    return block.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow();
  }

  /** Mean BCE of logits {@code [B, 1]} against labels {@code [B, 1]}. */
  static NDArray bce(NDArray logits, NDArray labels) {
    return BCE.evaluate(new NDList(labels), new NDList(logits));
  }

  /** A linearly separable problem: {@code x ~ N(0, 1)^d}, label {@code 1[w*·x > 0]} for a fixed random {@code w*}. */
  record Toy(NDArray x, NDArray y) {
    static Toy create(NDManager manager, int n, int d, long seed) {
      Random random = new Random(seed);
      float[] w = new float[d];
      for (int j = 0; j < d; j++) {
        w[j] = (float) random.nextGaussian();
      }
      float[] x = new float[n * d];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          x[i * d + j] = (float) random.nextGaussian();
          dot += x[i * d + j] * w[j];
        }
        y[i] = dot > 0 ? 1f : 0f;
      }
      return new Toy(manager.create(x, new Shape(n, d)),
          manager.create(y, new Shape(n, 1)));
    }
  }

  /** Runs {@code steps} full-batch Adam steps on {@code block} and returns the inference-mode loss after them. */
  static float trainAdam(Block block, NDManager manager, Toy toy, int steps, float learningRate) {
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    for (int step = 0; step < steps; step++) {
      try (NDManager stepManager = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = forward(block, stepManager, toy.x(), true);
        collector.backward(bce(logits, toy.y()));
        for (Pair<String, Parameter> p : block.getParameters()) {
          NDArray weight = p.getValue().getArray();
          NDArray grad = weight.getGradient();
          adam.update(p.getValue().getId(), weight, grad);
          grad.subi(grad);
        }
      }
    }
    return loss(block, manager, toy);
  }

  static float loss(Block block, NDManager manager, Toy toy) {
    try (NDManager sub = manager.newSubManager()) {
      return bce(forward(block, sub, toy.x(), false), toy.y()).getFloat();
    }
  }

  /** Saves {@code source}'s parameters and loads them into {@code target} (same architecture, initialised). */
  static void copyParameters(Block source, Block target, NDManager manager) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream os = new DataOutputStream(bytes)) {
      source.saveParameters(os);
    }
    try (DataInputStream is = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      target.loadParameters(manager, is);
    }
  }
}
