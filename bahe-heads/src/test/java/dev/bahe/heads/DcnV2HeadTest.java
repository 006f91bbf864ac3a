package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DCN-v2, parallel structure, with a deep part and dropout. */
class DcnV2HeadTest extends CtrHeadContractTest {

  @Override
  protected CtrHead head() {
    return new DcnV2Head(DcnV2Block.Structure.PARALLEL);
  }

  @Override
  protected HeadOptions options() {
    return new HeadOptions("dcnv2", List.of(16, 8), "relu", 0.2, 2);
  }

  @Override
  protected boolean hasDropout() {
    return true;
  }

  private DcnV2Block build(DcnV2Block.Structure structure, int dim, HeadOptions options) {
    DcnV2Block block = (DcnV2Block) new DcnV2Head(structure).build(dim, options);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
    return block;
  }

  /**
   * x0 = [1, 2]; layer 0: W = [[0.5, -1], [2, 0]], b = [0.1, -0.2]: W x0 + b = [-1.4, 1.8],
   * x1 = x0 ⊙ [-1.4, 1.8] + x0 = [-0.4, 5.6]. Layer 1: W = I, b = 0: x2 = x0 ⊙ x1 + x1 = [-0.8, 16.8].
   */
  @Test
  void crossLayersMatchAHandComputation() {
    DcnV2Block block = build(DcnV2Block.Structure.PARALLEL, 2, new HeadOptions("dcnv2", List.of(), "relu", 0, 2));
    CrossNetwork cross = block.cross();
    set(cross.layer(0).getParameters().get("weight"), 0.5f, -1f, 2f, 0f);
    set(cross.layer(0).getParameters().get("bias"), 0.1f, -0.2f);
    set(cross.layer(1).getParameters().get("weight"), 1f, 0f, 0f, 1f);
    set(cross.layer(1).getParameters().get("bias"), 0f, 0f);
    NDArray x0 = manager.create(new float[] {1, 2}, new Shape(1, 2));

    float[] crossed = cross.forward(new ParameterStore(manager, false), new NDList(x0), false)
        .singletonOrThrow().toFloatArray();
    assertThat(crossed[0]).isCloseTo(-0.8f, within(1e-5f));
    assertThat(crossed[1]).isCloseTo(16.8f, within(1e-5f));

    // no deep part: the logit is the output layer applied to x2
    set(block.output().getParameters().get("weight"), 2f, 0.5f);
    set(block.output().getParameters().get("bias"), -1f);
    float logit = BlockTesting.forward(block, manager, x0, false).getFloat();
    assertThat(logit).isCloseTo(2 * -0.8f + 0.5f * 16.8f - 1f, within(1e-5f));
  }

  @Test
  void oneCrossLayerOnABatchMatchesTheFormulaRowByRow() {
    DcnV2Block block = build(DcnV2Block.Structure.PARALLEL, 3, new HeadOptions("dcnv2", List.of(), "relu", 0, 1));
    CrossNetwork cross = block.cross();
    float[] w = {0.2f, -0.3f, 0.1f, 0f, 1.5f, -0.5f, 0.7f, 0.4f, -1f};
    float[] b = {0.05f, -0.1f, 0.3f};
    set(cross.layer(0).getParameters().get("weight"), w);
    set(cross.layer(0).getParameters().get("bias"), b);
    float[] x = {1, -2, 0.5f, 3, 0, -1};
    float[] out = cross.forward(new ParameterStore(manager, false),
        new NDList(manager.create(x, new Shape(2, 3))), false).singletonOrThrow().toFloatArray();
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < 3; i++) {
        double wx = b[i];
        for (int j = 0; j < 3; j++) {
          wx += w[i * 3 + j] * x[r * 3 + j];
        }
        double expected = x[r * 3 + i] * wx + x[r * 3 + i];
        assertThat((double) out[r * 3 + i]).as("row %d component %d", r, i).isCloseTo(expected, within(1e-5));
      }
    }
  }

  @Test
  void parallelConcatenatesCrossAndDeepStackedFeedsCrossIntoDeep() {
    HeadOptions options = new HeadOptions("dcnv2", List.of(16, 8), "relu", 0, 3);
    DcnV2Block parallel = build(DcnV2Block.Structure.PARALLEL, INPUT_DIM, options);
    DcnV2Block stacked = build(DcnV2Block.Structure.STACKED, INPUT_DIM, options);
    assertThat(parallel.cross().numLayers()).isEqualTo(3);
    assertThat(parallel.cross().layer(2).getParameters().get("weight").getArray().getShape())
        .isEqualTo(new Shape(INPUT_DIM, INPUT_DIM));
    assertThat(parallel.output().getParameters().get("weight").getArray().getShape())
        .isEqualTo(new Shape(1, INPUT_DIM + 8));
    assertThat(stacked.output().getParameters().get("weight").getArray().getShape()).isEqualTo(new Shape(1, 8));
  }

  @Test
  void invalidOptionsAreClearErrors() {
    assertThatThrownBy(() -> head().build(INPUT_DIM, new HeadOptions("dcnv2", List.of(8), "relu", 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("head.crossLayers must be >= 1 for dcnv2, was 0");
    assertThatThrownBy(() -> head().build(INPUT_DIM, new HeadOptions("dcnv2", List.of(8), "sigmoid", 0, 2)))
        .hasMessage("unknown head.activation 'sigmoid'; allowed: relu, gelu, tanh");
  }
}
