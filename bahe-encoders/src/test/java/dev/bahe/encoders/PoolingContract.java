package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bahe.api.model.Pooling;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Pooling}, on a hand-made batch {@code [3, 3, 2]}: row 0 has two tokens and one pad
 * (holding 100s that must not leak), row 1 is all padding, row 2 has three tokens.
 */
abstract class PoolingContract {

  static final float[] HIDDEN = {
      1, 2, 3, -4, 100, 100,
      9, 9, 9, 9, 9, 9,
      -1, -2, 5, 6, 7, -8};
  static final long[] MASK = {1, 1, 0, 0, 0, 0, 1, 1, 1};

  protected abstract Pooling pooling();

  /** The hand-computed pooled rows of {@link #HIDDEN} (row 1 is zeros for every pooling). */
  protected abstract float[] expected();

  private float[] pool(float[] hidden) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray out = pooling().pool(m.create(hidden, new Shape(3, 3, 2)), m.create(MASK, new Shape(3, 3)));
      assertThat(out.getShape()).isEqualTo(new Shape(3, 2));
      return out.toFloatArray();
    }
  }

  @Test
  void matchesHandComputedValues() {
    assertThat(pool(HIDDEN)).containsExactly(expected(), within(1e-6f));
  }

  @Test
  void emptyRowPoolsToZeros() {
    float[] out = pool(HIDDEN);
    assertThat(out[2]).isEqualTo(0f);
    assertThat(out[3]).isEqualTo(0f);
  }

  @Test
  void paddingValuesDoNotMatter() {
    float[] changed = HIDDEN.clone();
    changed[4] = -555;
    changed[5] = 777;
    changed[6] = 42;
    assertThat(pool(changed)).containsExactly(pool(HIDDEN));
  }

  @Test
  void isDifferentiableAndSendsNoGradientToPadding() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray hidden = m.create(HIDDEN, new Shape(3, 3, 2));
      hidden.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray out = pooling().pool(hidden, m.create(MASK, new Shape(3, 3)));
        gc.backward(out.sum());
      }
      float[] grad = hidden.getGradient().toFloatArray();
      for (int i = 0; i < grad.length; i++) {
        int row = i / 6;
        int pos = (i / 2) % 3;
        if (MASK[row * 3 + pos] == 0) {
          assertThat(grad[i]).as("gradient at padded element %d", i).isEqualTo(0f);
        }
      }
      float total = 0;
      for (float g : grad) {
        total += Math.abs(g);
      }
      assertThat(total).isPositive();
    }
  }
}
