package dev.bahe.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogLossTest {

  @Test
  void handComputed() {
    double expected = -(Math.log(0.9) + Math.log(1 - 0.2) + Math.log(0.6)) / 3;
    assertThat(LogLoss.of(new double[] {0.9, 0.2, 0.6}, new int[] {1, 0, 1})).isCloseTo(expected, within(1e-15));
    // a coin flip costs ln 2 per sample whatever the label
    assertThat(LogLoss.of(new double[] {0.5, 0.5}, new int[] {1, 0})).isCloseTo(Math.log(2), within(1e-15));
  }

  @Test
  void confidentMistakesAreClippedNotInfinite() {
    double eps = LogLoss.DEFAULT_EPSILON;
    assertThat(LogLoss.of(new double[] {0.0}, new int[] {1})).isCloseTo(-Math.log(eps), within(1e-9));
    assertThat(LogLoss.of(new double[] {1.0}, new int[] {0})).isCloseTo(-Math.log(eps), within(1e-9));
    assertThat(-Math.log(eps)).isCloseTo(16.118, within(1e-3));
    // confident and right: clipped to a tiny positive cost, not exactly 0
    assertThat(LogLoss.of(new double[] {0.0}, new int[] {0})).isCloseTo(-Math.log1p(-eps), within(1e-15));
    assertThat(LogLoss.of(new double[] {1.0}, new int[] {1})).isCloseTo(-Math.log1p(-eps), within(1e-15)).isPositive();
  }

  @Test
  void customEpsilon() {
    assertThat(LogLoss.of(new double[] {0.0, 0.95}, new int[] {1, 1}, 0.1))
        .isCloseTo(-(Math.log(0.1) + Math.log(0.9)) / 2, within(1e-15));
    assertThatThrownBy(() -> LogLoss.of(new double[] {0.5}, new int[] {1}, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon");
    assertThatThrownBy(() -> LogLoss.of(new double[] {0.5}, new int[] {1}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon");
  }

  @Test
  void emptyInputIsNaN() {
    assertThat(LogLoss.of(new double[0], new int[0])).isNaN();
  }

  @Test
  void invalidInputIsRejectedNamingTheSample() {
    assertThatThrownBy(() -> LogLoss.of(new double[] {0.5, 1.5}, new int[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5")
        .hasMessageContaining("sample 1");
    assertThatThrownBy(() -> LogLoss.of(new double[] {Double.NaN}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> LogLoss.of(new double[] {-0.1}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogLoss.of(new double[] {0.3, 0.3}, new int[] {0, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 3 at sample 1");
    assertThatThrownBy(() -> LogLoss.of(new double[] {0.3, 0.3}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
