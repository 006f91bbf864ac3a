package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.model.DimensionReducer;
import org.junit.jupiter.api.Test;

class LinearReducerTest extends DimensionReducerContractTest {

  @Override
  protected DimensionReducer reducer() {
    return new LinearReducer();
  }

  @Override
  protected ReducerOptions options() {
    return new ReducerOptions("linear", 4);
  }

  @Override
  protected int expectedOutputDim() {
    return 4;
  }

  @Test
  void computesWxPlusB() {
    Block block = reducer().build(2, new ReducerOptions("linear", 1));
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
    CtrHeadContractTest.set(block.getParameters().get("weight"), 3f, -1f);
    CtrHeadContractTest.set(block.getParameters().get("bias"), 0.5f);
    float y = BlockTesting.forward(block, manager, manager.create(new float[] {2, 4}, new Shape(1, 2)), false)
        .getFloat();
    assertThat(y).isCloseTo(3 * 2 - 4 + 0.5f, within(1e-6f));
  }

  @Test
  void missingOutputDimIsAClearError() {
    assertThatThrownBy(() -> reducer().build(INPUT_DIM, new ReducerOptions("linear", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reducer.outputDim must be > 0 for the 'linear' reducer, was 0");
  }
}
