package dev.bahe.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {

  @Test
  void perfectAndReversedRanking() {
    assertThat(Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    assertThat(Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {1, 1, 0, 0})).isEqualTo(0.0);
  }

  @Test
  void handComputedWithTiesCountingHalf() {
    // positives {0.5, 0.7}, negatives {0.5, 0.3, 0.7}
    // pos 0.5: tie with 0.5 (1/2), beats 0.3 (1), loses to 0.7 (0) -> 1.5
    // pos 0.7: beats 0.5 (1), beats 0.3 (1), tie with 0.7 (1/2)   -> 2.5
    // AUC = 4 / (2 * 3)
    double[] scores = {0.5, 0.5, 0.3, 0.7, 0.7};
    int[] labels = {1, 0, 0, 1, 0};
    assertThat(Auc.of(scores, labels)).isCloseTo(4.0 / 6.0, within(1e-15));
  }

  @Test
  void handComputedUnsortedWithoutTies() {
    // positives {0.35, 0.8}, negatives {0.1, 0.4}: 0.35 beats 0.1 only, 0.8 beats both -> 3/4
    assertThat(Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1})).isEqualTo(0.75);
  }

  @Test
  void allScoresTiedGivesOneHalf() {
    assertThat(Auc.of(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new int[] {1, 0, 0, 1, 0})).isEqualTo(0.5);
  }

  @Test
  void signedZerosAndInfinitiesCompareAsNumbers() {
    // -0.0 and 0.0 are equal scores (a tie); infinities are ordinary extremes.
    assertThat(Auc.of(new double[] {-0.0, 0.0}, new int[] {1, 0})).isEqualTo(0.5);
    assertThat(Auc.of(new double[] {0.0, -0.0}, new int[] {1, 0})).isEqualTo(0.5);
    assertThat(Auc.of(new double[] {Double.POSITIVE_INFINITY, 5, Double.NEGATIVE_INFINITY}, new int[] {1, 0, 0}))
        .isEqualTo(1.0);
  }

  @Test
  void oneClassOnlyIsNaNAndUndefined() {
    assertThat(Auc.of(new double[] {0.1, 0.9, 0.5}, new int[] {1, 1, 1})).isNaN();
    assertThat(Auc.of(new double[] {0.1, 0.9, 0.5}, new int[] {0, 0, 0})).isNaN();
    assertThat(Auc.of(new double[0], new int[0])).isNaN();

    AucAccumulator acc = new AucAccumulator();
    assertThat(acc.defined()).isFalse();
    acc.add(0.4, 0);
    acc.add(0.6, 0);
    assertThat(acc.defined()).isFalse();
    assertThat(acc.auc()).isNaN();
    acc.add(0.5, 1);
    assertThat(acc.defined()).isTrue();
    assertThat(acc.auc()).isEqualTo(0.5);
    assertThat(acc.count()).isEqualTo(3);
    assertThat(acc.positives()).isEqualTo(1);
    assertThat(acc.negatives()).isEqualTo(2);
  }

  @Test
  void nanScoreIsRejectedNamingTheSample() {
    AucAccumulator acc = new AucAccumulator();
    acc.add(0.2, 1);
    assertThatThrownBy(() -> acc.add(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN")
        .hasMessageContaining("sample 1");
    assertThatThrownBy(() -> Auc.of(new double[] {0.1, Double.NaN}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void badLabelsAndLengthsAreRejected() {
    assertThatThrownBy(() -> Auc.of(new double[] {0.1, 0.2}, new int[] {0, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label must be 0 or 1, was 2");
    assertThatThrownBy(() -> Auc.of(new double[] {0.1, 0.2}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 scores but 1 labels");
  }

  @Test
  void streamingAccumulatorMatchesWholeArrayAndIsRepeatable() {
    Random random = new Random(7);
    int n = 5_000;
    double[] scores = new double[n];
    int[] labels = new int[n];
    AucAccumulator acc = new AucAccumulator();
    for (int i = 0; i < n; i++) {
      scores[i] = Math.round(random.nextDouble() * 50) / 50.0;
      labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
      acc.add(scores[i], labels[i]);
    }
    double first = acc.auc();
    assertThat(first).isEqualTo(Auc.of(scores, labels));
    assertThat(acc.auc()).isEqualTo(first); // auc() does not disturb the collected samples
    assertThat(first).isEqualTo(bruteForce(scores, labels));
  }

  /** 100k samples, about half positive, scores rounded to 2 decimals so that ties are everywhere. */
  @Test
  void hundredThousandRandomSamplesAgainstBruteForcePairCount() {
    long seed = 20240611L;
    Random random = new Random(seed);
    int n = 100_000;
    double[] scores = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(2);
      double raw = 0.5 + 0.15 * random.nextGaussian() + (labels[i] == 1 ? 0.05 : 0.0);
      scores[i] = Math.round(raw * 100) / 100.0;
    }
    double expected = bruteForce(scores, labels);
    double actual = Auc.of(scores, labels);
    assertThat(actual).as("seed %d", seed).isCloseTo(expected, within(1e-12));
    // The signal is weak but real: the case is not trivially 0.5 or 1.
    assertThat(actual).as("seed %d", seed).isBetween(0.55, 0.7);
  }

  /** Twice the number of winning (positive, negative) pairs, ties counting one, as exact long counts. */
  static double bruteForce(double[] scores, int[] labels) {
    int p = 0;
    int q = 0;
    for (int label : labels) {
      if (label == 1) {
        p++;
      } else {
        q++;
      }
    }
    double[] pos = new double[p];
    double[] neg = new double[q];
    p = 0;
    q = 0;
    for (int i = 0; i < scores.length; i++) {
      if (labels[i] == 1) {
        pos[p++] = scores[i];
      } else {
        neg[q++] = scores[i];
      }
    }
    // Every pair is still compared; sorting only makes the branches predictable (about 8x faster here).
    Arrays.sort(neg);
    long twiceWins = 0;
    for (double sp : pos) {
      twiceWins += twiceWinsAgainst(sp, neg);
    }
    return twiceWins / (2.0 * p * q);
  }

  private static long twiceWinsAgainst(double positive, double[] negatives) {
    long twice = 0;
    for (double sn : negatives) {
      if (positive > sn) {
        twice += 2;
      } else if (positive == sn) {
        twice += 1;
      }
    }
    return twice;
  }
}
