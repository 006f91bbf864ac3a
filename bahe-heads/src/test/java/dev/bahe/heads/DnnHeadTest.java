package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnnHeadTest extends CtrHeadContractTest {

  @Override
  protected CtrHead head() {
    return new DnnHead();
  }

  @Override
  protected HeadOptions options() {
    return new HeadOptions("dnn", List.of(16, 8), "relu", 0.2, 0);
  }

  @Override
  protected boolean hasDropout() {
    return true;
  }

  @Test
  void layersFollowTheHiddenSizes() {
    Block block = newBlock();
    List<Shape> weights = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getKey().endsWith("weight")) {
        weights.add(p.getValue().getArray().getShape());
      }
    }
    assertThat(weights).containsExactly(new Shape(16, INPUT_DIM), new Shape(8, 16), new Shape(1, 8));
  }

  @Test
  void everyActivationBuildsAndDiffers() {
    NDArray x = input(8);
    List<float[]> outputs = new ArrayList<>();
    for (String activation : List.of("relu", "gelu", "tanh")) {
      Engine.getInstance().setRandomSeed(7);
      Block block = new DnnHead().build(INPUT_DIM, new HeadOptions("dnn", List.of(8), activation, 0, 0));
      block.initialize(manager, DataType.FLOAT32, new Shape(1, INPUT_DIM));
      outputs.add(BlockTesting.forward(block, manager, x, false).toFloatArray());
    }
    // same seed, same weights: only the activation differs
    assertThat(outputs.get(0)).isNotEqualTo(outputs.get(1));
    assertThat(outputs.get(1)).isNotEqualTo(outputs.get(2));
  }

  @Test
  void unknownActivationNamesTheValueAndTheAllowedOnes() {
    assertThatThrownBy(() -> new DnnHead().build(INPUT_DIM, new HeadOptions("dnn", List.of(8), "swish", 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown head.activation 'swish'; allowed: relu, gelu, tanh");
    assertThatThrownBy(() -> new DnnHead().build(INPUT_DIM, new HeadOptions("dnn", List.of(8), "ReLU", 0, 0)))
        .hasMessageContaining("'ReLU'");
  }

  @Test
  void nonPositiveHiddenSizeNamesItsIndex() {
    assertThatThrownBy(() -> new DnnHead().build(INPUT_DIM, new HeadOptions("dnn", List.of(8, 0), "relu", 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("head.hiddenSizes[1] must be > 0, was 0");
  }
}
