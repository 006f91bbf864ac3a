package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class TrainingMathTest {

  @Test
  void warmsUpLinearlyThenDecaysLinearly() {
    LearningRateSchedule s = new LearningRateSchedule(4, 10);
    assertThat(s.factor(1)).isEqualTo(0.25);
    assertThat(s.factor(4)).isEqualTo(1.0);
    assertThat(s.factor(5)).isEqualTo(1.0);
    assertThat(s.factor(6)).isCloseTo(5.0 / 6, offset(1e-12));
    assertThat(s.factor(10)).isCloseTo(1.0 / 6, offset(1e-12));
    assertThat(s.factor(11)).isEqualTo(s.factor(10));
    assertThat(new LearningRateSchedule(0, 3).factor(1)).isEqualTo(1.0);
    assertThatThrownBy(() -> s.factor(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bceWithLogitsMatchesTheDefinitionAndStaysFiniteForLargeLogits() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] x = {-3f, -0.5f, 0f, 0.7f, 4f};
      float[] y = {0f, 1f, 1f, 0f, 1f};
      double expected = 0;
      for (int i = 0; i < x.length; i++) {
        double p = 1 / (1 + Math.exp(-x[i]));
        expected -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
      }
      expected /= x.length;
      NDArray loss = BinaryCrossEntropy.withLogits(m.create(x), m.create(y));
      assertThat((double) loss.getFloat()).isCloseTo(expected, offset(1e-6));
      NDArray big = BinaryCrossEntropy.withLogits(m.create(new float[] {200f, -200f}), m.create(new float[] {0f, 1f}));
      assertThat((double) big.getFloat()).isCloseTo(200.0, offset(1e-3));
    }
  }

  @Test
  void clearZeroesInPlaceIncludingNonFiniteValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY, -2f}, new ai.djl.ndarray.types.Shape(2, 2));
      NDArray view = a.stopGradient();
      Trainer.clear(a);
      assertThat(a.toFloatArray()).containsExactly(0f, 0f, 0f, 0f);
      // in place: another view of the same storage sees the zeros
      assertThat(view.toFloatArray()).containsExactly(0f, 0f, 0f, 0f);
    }
  }
}
