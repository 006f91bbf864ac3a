package dev.bahe.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Newton fit against solutions known in closed form or by bisection, and the optimality condition. */
class RidgeLogisticRegressionTest {

  @Test
  void withoutFeaturesTheBiasIsTheLogitOfThePositiveRate() {
    double[][] x = new double[10][0];
    int[] y = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};

    RidgeLogisticRegression.Fit fit = RidgeLogisticRegression.fit(x, new int[0], y, 5.0);

    assertThat(fit.bias()).isCloseTo(Math.log(0.3 / 0.7), within(1e-10));
  }

  @Test
  void separableDataWithARidgeHasTheFiniteOptimumFoundByBisection() {
    // x = -1 with y = 0 and x = +1 with y = 1: separable; by symmetry b = 0 and w solves ridge·w = 2·σ(-w)
    double ridge = 0.5;
    double[][] x = {{-1}, {1}};
    int[] y = {0, 1};

    RidgeLogisticRegression.Fit fit = RidgeLogisticRegression.fit(x, new int[] {0}, y, ridge);

    double lo = 0;
    double hi = 100;
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (ridge * mid - 2 * RidgeLogisticRegression.sigmoid(-mid) < 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    assertThat(fit.weights()[0]).isCloseTo(lo, within(1e-8));
    assertThat(fit.bias()).isCloseTo(0, within(1e-8));
  }

  @Test
  void theGradientVanishesAtTheFitAndEveryNearbyPointHasAHigherLoss() {
    long seed = 77;
    Random r = new Random(seed);
    int n = 2000;
    double[][] x = new double[n][4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 4; c++) {
        x[i][c] = r.nextGaussian();
      }
      double z = 0.3 + 1.5 * x[i][0] - 0.7 * x[i][2] + 0.2 * x[i][3];
      y[i] = r.nextDouble() < RidgeLogisticRegression.sigmoid(z) ? 1 : 0;
    }
    int[] columns = {0, 2, 3};
    double ridge = 3.0;

    RidgeLogisticRegression.Fit fit = RidgeLogisticRegression.fit(x, columns, y, ridge);

    // the gradient of Σ[softplus(z) - y·z] + ridge/2·|w|², recomputed here
    double[] g = new double[4];
    for (int i = 0; i < n; i++) {
      double residual = RidgeLogisticRegression.sigmoid(fit.logit(x[i])) - y[i];
      for (int c = 0; c < 3; c++) {
        g[c] += residual * x[i][columns[c]];
      }
      g[3] += residual;
    }
    for (int c = 0; c < 3; c++) {
      g[c] += ridge * fit.weights()[c];
    }
    for (double gc : g) {
      assertThat(gc).as("seed %d: gradient %s", seed, java.util.Arrays.toString(g)).isCloseTo(0, within(1e-6));
    }
    assertThat(fit.weights()[0]).as("seed %d", seed).isCloseTo(1.5, within(0.25));
    double[] theta = {fit.weights()[0], fit.weights()[1], fit.weights()[2], fit.bias()};
    double best = RidgeLogisticRegression.loss(x, columns, y, theta, ridge);
    for (int c = 0; c < 4; c++) {
      for (double delta : new double[] {-1e-3, 1e-3}) {
        double[] moved = theta.clone();
        moved[c] += delta;
        assertThat(RidgeLogisticRegression.loss(x, columns, y, moved, ridge)).isGreaterThan(best);
      }
    }
  }

  @Test
  void aStrongerRidgeShrinksTheWeights() {
    Random r = new Random(5);
    double[][] x = new double[500][1];
    int[] y = new int[500];
    for (int i = 0; i < 500; i++) {
      x[i][0] = r.nextGaussian();
      y[i] = r.nextDouble() < RidgeLogisticRegression.sigmoid(2 * x[i][0]) ? 1 : 0;
    }

    double weak = RidgeLogisticRegression.fit(x, new int[] {0}, y, 0.1).weights()[0];
    double strong = RidgeLogisticRegression.fit(x, new int[] {0}, y, 500).weights()[0];

    assertThat(strong).isPositive().isLessThan(weak * 0.8);
  }
}
