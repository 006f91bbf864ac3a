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
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.model.DimensionReducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DimensionReducer} meets. A new reducer is tested by extending this class.
 */
abstract class DimensionReducerContractTest {

  static final int INPUT_DIM = 12;
  static final long SEED = 4321;

  protected NDManager manager;

  protected abstract DimensionReducer reducer();

  protected abstract ReducerOptions options();

  /** The output size this reducer must report for {@link #INPUT_DIM}. */
  protected abstract int expectedOutputDim();

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
    Block block = reducer().build(INPUT_DIM, options());
    block.initialize(manager, DataType.FLOAT32, new Shape(1, INPUT_DIM));
    return block;
  }

  protected NDArray input(int batch) {
    return manager.randomNormal(new Shape(batch, INPUT_DIM));
  }

  @Test
  void outputShapeIsBatchByOutputDim() {
    int out = reducer().outputDim(INPUT_DIM, options());
    assertThat(out).isEqualTo(expectedOutputDim());
    Block block = newBlock();
    for (int batch : new int[] {1, 9}) {
      assertThat(BlockTesting.forward(block, manager, input(batch), false).getShape())
          .isEqualTo(new Shape(batch, out));
      assertThat(block.getOutputShapes(new Shape[] {new Shape(batch, INPUT_DIM)}))
          .containsExactly(new Shape(batch, out));
    }
  }

  @Test
  void outputsAreFiniteAndInferenceIsDeterministic() {
    Block block = newBlock();
    NDArray x = input(16);
    float[] first = BlockTesting.forward(block, manager, x, false).toFloatArray();
    for (float v : first) {
      assertThat(Float.isFinite(v)).isTrue();
    }
    assertThat(BlockTesting.forward(block, manager, x, false).toFloatArray()).containsExactly(first);
    assertThat(BlockTesting.forward(block, manager, x, true).toFloatArray()).containsExactly(first);
  }

  @Test
  void gradientsReachEveryParameterAndTheInput() {
    Block block = newBlock();
    NDArray x = input(16);
    x.setRequiresGradient(true);
    NDArray direction = manager.randomNormal(new Shape(16, expectedOutputDim()));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(BlockTesting.forward(block, manager, x, true).mul(direction).sum());
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      assertThat(p.getValue().getArray().getGradient().abs().sum().getFloat()).as("gradient of %s", p.getKey())
          .isPositive();
    }
    assertThat(x.getGradient().abs().sum().getFloat()).as("gradient of the input").isPositive();
  }

  @Test
  void trainsTogetherWithAHeadOnASeparableProblem() {
    SequentialBlock model = new SequentialBlock()
        .add(reducer().build(INPUT_DIM, options()))
        .add(Linear.builder().setUnits(1).build());
    model.initialize(manager, DataType.FLOAT32, new Shape(1, INPUT_DIM));
    BlockTesting.Toy toy = BlockTesting.Toy.create(manager, 256, INPUT_DIM, SEED);
    float before = BlockTesting.loss(model, manager, toy);
    float after = BlockTesting.trainAdam(model, manager, toy, 60, 0.02f);
    assertThat(after).as("BCE before %s, after %s", before, after).isLessThan(0.7f * before).isLessThan(0.45f);
  }

  @Test
  void savedParametersRestoreIdenticalOutputs() throws Exception {
    Block source = newBlock();
    Block restored = newBlock();
    BlockTesting.copyParameters(source, restored, manager);
    NDArray x = input(8);
    assertThat(BlockTesting.forward(restored, manager, x, false).toFloatArray())
        .containsExactly(BlockTesting.forward(source, manager, x, false).toFloatArray());
  }

  @Test
  void nonPositiveInputDimensionIsRejected() {
    assertThatThrownBy(() -> reducer().outputDim(0, options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input dimension must be > 0, was 0");
  }
}
