package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

  private static Parameter parameter(NDManager m, String name, Parameter.Type type, float... values) {
    Parameter p = Parameter.builder().setName(name).setType(type).optShape(new Shape(values.length))
        .optInitializer((Initializer) (manager, shape, dataType) -> manager.create(values)).build();
    p.initialize(m, DataType.FLOAT32);
    return p;
  }

  @Test
  void updatesFollowDecoupledWeightDecayAdamWithPerGroupRates() {
    try (NDManager m = NDManager.newBaseManager(); AdamW adamw = new AdamW(m, 0.01)) {
      TrainableParameter w = new TrainableParameter("w", parameter(m, "w", Parameter.Type.WEIGHT, 1f, -2f), false,
          true);
      TrainableParameter b = new TrainableParameter("b", parameter(m, "b", Parameter.Type.BIAS, 3f), false, false);
      TrainableParameter bb = new TrainableParameter("bb", parameter(m, "bb", Parameter.Type.WEIGHT, 5f), true, true);
      NDArray gw = m.create(new float[] {0.5f, -0.1f});
      NDArray gb = m.create(new float[] {0.2f});
      NDArray gbb = m.create(new float[] {1f});
      double lr = 0.1;
      double[] wExpected = {1, -2};
      double bExpected = 3;
      double[] gwv = {0.5, -0.1};
      double mw0 = 0;
      double vw0 = 0;
      for (int t = 1; t <= 3; t++) {
        adamw.step(List.of(w, b, bb), List.of(gw, gb, gbb), 1.0, 0.0, lr);
        // reference AdamW, element 0 of w, in double precision
        mw0 = 0.9 * mw0 + 0.1 * gwv[0];
        vw0 = 0.999 * vw0 + 0.001 * gwv[0] * gwv[0];
        double mhat = mw0 / (1 - Math.pow(0.9, t));
        double vhat = vw0 / (1 - Math.pow(0.999, t));
        wExpected[0] = wExpected[0] * (1 - lr * 0.01) - lr * mhat / (Math.sqrt(vhat) + 1e-8);
        // with a constant gradient, every Adam step moves by lr * sign(g) (up to eps)
        wExpected[1] = wExpected[1] * (1 - lr * 0.01) + lr;
        bExpected = bExpected - lr; // no weight decay on a bias
      }
      float[] wv = w.parameter().getArray().toFloatArray();
      assertThat((double) wv[0]).isCloseTo(wExpected[0], offset(1e-5));
      assertThat((double) wv[1]).isCloseTo(wExpected[1], offset(1e-5));
      assertThat((double) b.parameter().getArray().getFloat(0)).isCloseTo(bExpected, offset(1e-5));
      // backbone learning rate 0: untouched
      assertThat(bb.parameter().getArray().getFloat(0)).isEqualTo(5f);
      assertThat(adamw.steps()).isEqualTo(3);
    }
  }

  @Test
  void aChangingGradientScaleEqualsScaledGradientsAndTheGivenGradientIsNotWritten() {
    try (NDManager m = NDManager.newBaseManager(); AdamW scaled = new AdamW(m, 0.01);
        AdamW plain = new AdamW(m, 0.01)) {
      TrainableParameter a = new TrainableParameter("a", parameter(m, "a", Parameter.Type.WEIGHT, 1f, -2f, 0.5f),
          false, true);
      TrainableParameter b = new TrainableParameter("b", parameter(m, "b", Parameter.Type.WEIGHT, 1f, -2f, 0.5f),
          false, true);
      // Adam is invariant to one constant scale, so the scale changes from step to step (as clipping's does)
      NDArray g = m.create(new float[] {0.4f, -0.2f, 3f});
      double[] scales = {1.0, 0.1, 0.5, 0.02};
      AdamW ignoringScale = new AdamW(m, 0.01);
      TrainableParameter c = new TrainableParameter("c", parameter(m, "c", Parameter.Type.WEIGHT, 1f, -2f, 0.5f),
          false, true);
      for (double scale : scales) {
        scaled.step(List.of(a), List.of(g), scale, 0.0, 0.1);
        plain.step(List.of(b), List.of(g.mul((float) scale)), 1.0, 0.0, 0.1);
        ignoringScale.step(List.of(c), List.of(g), 1.0, 0.0, 0.1);
      }
      ignoringScale.close();
      float[] av = a.parameter().getArray().toFloatArray();
      float[] bv = b.parameter().getArray().toFloatArray();
      for (int i = 0; i < av.length; i++) {
        assertThat(av[i]).isCloseTo(bv[i], offset(1e-6f));
      }
      // and the scale does change the result: the same steps without it end elsewhere
      assertThat(Math.abs(av[0] - c.parameter().getArray().getFloat(0))).isGreaterThan(1e-3f);
      assertThat(g.toFloatArray()).containsExactly(0.4f, -0.2f, 3f);
    }
  }

  @Test
  void anUpdatedParametersGradientIsClearedAndASkippedOneKeepsIts() {
    try (NDManager m = NDManager.newBaseManager(); AdamW adamw = new AdamW(m, 0.0)) {
      TrainableParameter moved = new TrainableParameter("moved", parameter(m, "moved", Parameter.Type.WEIGHT, 1f, 2f),
          false, true);
      TrainableParameter kept = new TrainableParameter("kept", parameter(m, "kept", Parameter.Type.WEIGHT, 5f, 6f),
          true, true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = moved.parameter().getArray().mul(m.create(new float[] {3f, 4f})).sum()
            .add(kept.parameter().getArray().mul(m.create(new float[] {7f, 8f})).sum());
        collector.backward(loss);
      }
      NDArray movedGrad = moved.parameter().getArray().getGradient();
      NDArray keptGrad = kept.parameter().getArray().getGradient();
      assertThat(movedGrad.toFloatArray()).containsExactly(3f, 4f);

      adamw.step(List.of(moved, kept), List.of(movedGrad, keptGrad), 1.0, 0.0, 0.1);

      // the first Adam step moves every element by lr against its gradient's sign (up to eps)
      float[] w = moved.parameter().getArray().toFloatArray();
      assertThat(w[0]).isCloseTo(0.9f, offset(1e-6f));
      assertThat(w[1]).isCloseTo(1.9f, offset(1e-6f));
      assertThat(moved.parameter().getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
      assertThat(kept.parameter().getArray().getGradient().toFloatArray()).containsExactly(7f, 8f);
      assertThat(kept.parameter().getArray().toFloatArray()).containsExactly(5f, 6f);
    }
  }
}
