package dev.bahe.core.baseline;

import java.util.Arrays;

/**
 * Logistic regression with an L2 ridge on the weights (not the bias), fitted exactly by Newton's method
 * (iteratively reweighted least squares) in plain Java. It minimises
 *
 * <pre>
 * L(w, b) = Σ_i [log(1 + exp(z_i)) - y_i·z_i] + (ridge / 2)·|w|²,   z_i = b + Σ_c w_c·x_ic
 * </pre>
 *
 * over the selected columns of {@code x}. Each step solves {@code H·d = g} (Cholesky; {@code H = XᵀSX + ridge·I},
 * {@code S = diag(p(1 - p))}) and halves the step until the loss does not grow, so it converges on separable data
 * too (the ridge keeps the optimum finite). It stops when a step would move no coordinate by more than
 * {@code 1e-12}, when a step lowers the loss by no more than rounding ({@code 1e-15} relative; Newton converges
 * quadratically, so that step already lands on the optimum), or after 100 steps. Deterministic; stateless.
 */
final class RidgeLogisticRegression {

  private static final int MAX_ITERATIONS = 100;

  private RidgeLogisticRegression() {}

  /**
   * A fitted model over some columns.
   *
   * @param columns the columns of the design matrix it reads
   * @param weights one weight per column
   * @param bias the intercept
   * @param iterations Newton steps taken
   */
  record Fit(int[] columns, double[] weights, double bias, int iterations) {

    /** {@code b + Σ w_c·x[columns[c]]}. */
    double logit(double[] x) {
      double z = bias;
      for (int c = 0; c < columns.length; c++) {
        z += weights[c] * x[columns[c]];
      }
      return z;
    }

    /** The logits of every row. */
    double[] logits(double[][] x) {
      double[] z = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        z[i] = logit(x[i]);
      }
      return z;
    }
  }

  /**
   * Fits on rows {@code x} (only {@code columns} are read) with 0/1 labels {@code y}.
   *
   * @param ridge L2 penalty on the weights, {@code >= 0}
   */
  static Fit fit(double[][] x, int[] columns, int[] y, double ridge) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
    }
    if (ridge < 0) {
      throw new IllegalArgumentException("ridge must be >= 0, was " + ridge);
    }
    int k = columns.length;
    int d = k + 1; // last coordinate: bias
    double[] theta = new double[d];
    double loss = loss(x, columns, y, theta, ridge);
    int iterations = 0;
    for (; iterations < MAX_ITERATIONS; iterations++) {
      double[] g = new double[d];
      double[][] h = new double[d][d];
      double[] row = new double[d];
      row[k] = 1;
      for (int i = 0; i < x.length; i++) {
        for (int c = 0; c < k; c++) {
          row[c] = x[i][columns[c]];
        }
        double p = sigmoid(dot(row, theta));
        double r = p - y[i];
        double s = p * (1 - p);
        for (int a = 0; a < d; a++) {
          g[a] += r * row[a];
          double sa = s * row[a];
          for (int b = 0; b <= a; b++) {
            h[a][b] += sa * row[b];
          }
        }
      }
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < a; b++) {
          h[b][a] = h[a][b];
        }
      }
      for (int c = 0; c < k; c++) {
        g[c] += ridge * theta[c];
        h[c][c] += ridge;
      }
      for (int a = 0; a < d; a++) {
        h[a][a] += 1e-10 * x.length; // keeps H positive definite when every p saturates
      }
      double[] step = Cholesky.solve(h, g);
      if (maxAbs(step) < 1e-12) {
        break;
      }
      double scale = 1;
      double[] next = new double[d];
      double nextLoss;
      while (true) {
        for (int a = 0; a < d; a++) {
          next[a] = theta[a] - scale * step[a];
        }
        nextLoss = loss(x, columns, y, next, ridge);
        if (nextLoss <= loss || scale < 1e-10) {
          break;
        }
        scale /= 2;
      }
      if (nextLoss > loss) {
        break;
      }
      double decrease = loss - nextLoss;
      theta = next;
      loss = nextLoss;
      if (decrease <= 1e-15 * Math.max(1, Math.abs(loss))) {
        iterations++;
        break; // below rounding: a flat direction of nearly collinear columns moves nothing that matters
      }
    }
    return new Fit(columns.clone(), Arrays.copyOf(theta, k), theta[k], iterations);
  }

  /** The penalised loss {@code L(w, b)} of the class javadoc at {@code theta = (w, b)}. */
  static double loss(double[][] x, int[] columns, int[] y, double[] theta, double ridge) {
    int k = columns.length;
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = theta[k];
      for (int c = 0; c < k; c++) {
        z += theta[c] * x[i][columns[c]];
      }
      sum += softplus(z) - y[i] * z;
    }
    double penalty = 0;
    for (int c = 0; c < k; c++) {
      penalty += theta[c] * theta[c];
    }
    return sum + ridge / 2 * penalty;
  }

  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  private static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double e : v) {
      m = Math.max(m, Math.abs(e));
    }
    return m;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
