package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticRegressionHeadTest extends CtrHeadContractTest {

  @Override
  protected CtrHead head() {
    return new LogisticRegressionHead();
  }

  @Override
  protected HeadOptions options() {
    // dropout and hidden sizes are ignored by "lr"
    return new HeadOptions("lr", List.of(64), "relu", 0.5, 0);
  }

  @Override
  protected boolean hasDropout() {
    return false;
  }

  @Test
  void logitIsWeightsDotInputPlusBias() {
    Block block = head().build(3, options());
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
    assertThat(block.getParameters().keys()).containsExactly("weight", "bias");
    set(block.getParameters().get("weight"), 0.5f, -1f, 2f);
    set(block.getParameters().get("bias"), 0.25f);
    NDArray x = manager.create(new float[] {1, 2, 3, 0, 0, 0, -1, 0.5f, 4}, new Shape(3, 3));
    float[] logits = BlockTesting.forward(block, manager, x, false).toFloatArray();
    // 0.5 - 2 + 6 + 0.25; 0.25; -0.5 - 0.5 + 8 + 0.25
    assertThat(logits[0]).isCloseTo(4.75f, within(1e-6f));
    assertThat(logits[1]).isCloseTo(0.25f, within(1e-6f));
    assertThat(logits[2]).isCloseTo(7.25f, within(1e-6f));
  }
}
