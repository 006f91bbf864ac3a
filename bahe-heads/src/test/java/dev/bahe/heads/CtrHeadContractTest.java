package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CtrHead} meets. A new head is tested by extending this class and naming the head
 * and the options to build it with.
 */
abstract class CtrHeadContractTest {

  static final int INPUT_DIM = 12;
  static final long SEED = 1234;

  protected NDManager manager;

  /** The head under test. */
  protected abstract CtrHead head();

  /** Options to build it with; should exercise its features (hidden layers, dropout ...). */
  protected abstract HeadOptions options();

  /** Whether the built block applies dropout in training mode. */
  protected abstract boolean hasDropout();

  @BeforeEach
  void openManager() {
    Engine.getInstance().setRandomSeed((int) SEED);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  protected Block newBlock() {
    Block block = head().build(INPUT_DIM, options());
    block.initialize(manager, DataType.FLOAT32, new Shape(1, INPUT_DIM));
    return block;
  }

  protected NDArray input(int batch) {
    return manager.randomNormal(new Shape(batch, INPUT_DIM));
  }

  @Test
  void outputIsOneLogitPerRowForAnyBatchSize() {
    Block block = newBlock();
    for (int batch : new int[] {1, 7, 32}) {
      assertThat(BlockTesting.forward(block, manager, input(batch), false).getShape())
          .isEqualTo(new Shape(batch, 1));
      assertThat(block.getOutputShapes(new Shape[] {new Shape(batch, INPUT_DIM)}))
          .containsExactly(new Shape(batch, 1));
    }
  }

  @Test
  void outputsAreFiniteEvenForLargeInputs() {
    Block block = newBlock();
    for (float scale : new float[] {1f, 100f}) {
      NDArray out = BlockTesting.forward(block, manager, input(16).mul(scale), false);
      for (float v : out.toFloatArray()) {
        assertThat(Float.isFinite(v)).as("logit %s at input scale %s", v, scale).isTrue();
      }
    }
  }

  @Test
  void inferenceIsDeterministic() {
    Block block = newBlock();
    NDArray x = input(16);
    float[] first = BlockTesting.forward(block, manager, x, false).toFloatArray();
    float[] second = BlockTesting.forward(block, manager, x, false).toFloatArray();
    assertThat(second).containsExactly(first);
  }

  @Test
  void dropoutActsOnlyInTraining() {
    Block block = newBlock();
    NDArray x = input(64);
    float[] inference = BlockTesting.forward(block, manager, x, false).toFloatArray();
    float[] training = BlockTesting.forward(block, manager, x, true).toFloatArray();
    if (hasDropout()) {
      assertThat(training).isNotEqualTo(inference);
      assertThat(BlockTesting.forward(block, manager, x, true).toFloatArray()).isNotEqualTo(training);
    } else {
      assertThat(training).containsExactly(inference);
    }
    assertThat(BlockTesting.forward(block, manager, x, false).toFloatArray()).containsExactly(inference);
  }

  @Test
  void gradientsReachEveryParameter() {
    Block block = newBlock();
    BlockTesting.Toy toy = BlockTesting.Toy.create(manager, 64, INPUT_DIM, SEED);
    assertThat(block.getParameters().size()).isPositive();
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(BlockTesting.bce(BlockTesting.forward(block, manager, toy.x(), true), toy.y()));
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray grad = p.getValue().getArray().getGradient();
      assertThat(grad.abs().sum().getFloat()).as("gradient of %s", p.getKey()).isPositive();
    }
  }

  @Test
  void adamStepsOnASeparableProblemLowerTheLoss() {
    Block block = newBlock();
    BlockTesting.Toy toy = BlockTesting.Toy.create(manager, 256, INPUT_DIM, SEED);
    float before = BlockTesting.loss(block, manager, toy);
    float after = BlockTesting.trainAdam(block, manager, toy, 60, 0.02f);
    assertThat(after).as("BCE before %s, after 60 Adam steps %s", before, after).isLessThan(0.7f * before);
    assertThat(after).isLessThan(0.45f);
  }

  @Test
  void savedParametersRestoreIdenticalLogits() throws Exception {
    Block trained = newBlock();
    BlockTesting.trainAdam(trained, manager, BlockTesting.Toy.create(manager, 64, INPUT_DIM, SEED), 3, 0.05f);
    Block restored = newBlock();
    NDArray x = input(16);
    assertThat(BlockTesting.forward(restored, manager, x, false).toFloatArray())
        .isNotEqualTo(BlockTesting.forward(trained, manager, x, false).toFloatArray());
    BlockTesting.copyParameters(trained, restored, manager);
    assertThat(BlockTesting.forward(restored, manager, x, false).toFloatArray())
        .containsExactly(BlockTesting.forward(trained, manager, x, false).toFloatArray());
  }

  @Test
  void nonPositiveInputDimensionIsRejected() {
    assertThatThrownBy(() -> head().build(0, options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input dimension must be > 0, was 0");
  }

  /** Sets a parameter's values (row-major) in place. */
  static void set(Parameter parameter, float... values) {
    NDArray array = parameter.getArray();
    assertThat(array.size()).isEqualTo(values.length);
    array.set(values);
  }
}
