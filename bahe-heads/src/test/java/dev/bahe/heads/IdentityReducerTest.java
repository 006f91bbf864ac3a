package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.model.DimensionReducer;
import org.junit.jupiter.api.Test;

class IdentityReducerTest extends DimensionReducerContractTest {

  @Override
  protected DimensionReducer reducer() {
    return new IdentityReducer();
  }

  @Override
  protected ReducerOptions options() {
    // outputDim is ignored by "identity"
    return new ReducerOptions("identity", 3);
  }

  @Override
  protected int expectedOutputDim() {
    return INPUT_DIM;
  }

  @Test
  void returnsTheInputUnchangedWithoutParameters() {
    Block block = newBlock();
    assertThat(block.getParameters().isEmpty()).isTrue();
    NDArray x = input(5);
    assertThat(BlockTesting.forward(block, manager, x, true).toFloatArray()).containsExactly(x.toFloatArray());
  }
}
