package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
        adamw.step(List.of(w, b, bb), List.of(gw, gb, gbb), 0.0, lr);
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
}
