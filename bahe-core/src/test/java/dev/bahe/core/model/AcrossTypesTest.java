package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.bahe.core.config.HeadInteractions;
import org.junit.jupiter.api.Test;

/**
 * {@code sequence.acrossTypes: mean}: {@code Q_u} gets, after the per-sequence vectors, the reduced mean of the
 * pooled sequence vectors weighted by their positions, computed here by hand on a network whose encoder passes
 * pooled vectors through and whose reducer is the identity.
 */
class AcrossTypesTest {

  private static final int S = 3;
  private static final int D = 2;

  private static CtrNetwork network(NDManager manager, boolean acrossTypes) {
    // inputs: 0 pooled user vectors [B·S, d], 1 unused, 2 pooling mask [B·S, L], 3 item vector [B, d], 4, 5 unused
    PassThrough encoder = new PassThrough();
    Linear reducer = Linear.builder().setUnits(D).optBias(false).build();
    int rows = S + (acrossTypes ? 1 : 0);
    Linear head = Linear.builder().setUnits(1).build();
    CtrNetwork network = new CtrNetwork(encoder, reducer, head, S, D, D, 0, null, 0, HeadInteractions.NONE,
        acrossTypes);
    network.initialize(manager, DataType.FLOAT32, new Shape(S, D), new Shape(S, 4), new Shape(S, 4),
        new Shape(1, D), new Shape(1, 4), new Shape(1, 4));
    for (Pair<String, Parameter> p : reducer.getParameters()) {
      p.getValue().getArray().set(new float[] {1, 0, 0, 1});
    }
    assertThat(network.userRepresentations()).isEqualTo(rows);
    return network;
  }

  /** An encoder whose inputs are already pooled: user vectors as input 1, the item vector as input 4. */
  private static final class PassThrough extends AbstractBlock implements UserSideEncoder {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
      return new NDList(in.get(0), in.get(3));
    }

    @Override
    public NDArray encodeUser(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
      return in.get(0);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0], inputShapes[3]};
    }
  }

  @Test
  void theVectorAcrossTypesIsThePositionWeightedMeanOfThePerTypeVectors() {
    try (NDManager manager = NDManager.newBaseManager()) {
      CtrNetwork network = network(manager, true);
      // sample 0: types with 2, 1 and 0 positions; sample 1: no behaviour at all
      float[] user = {1, 0, 0, 1, 5, 5, 3, 4, 7, 8, 9, 9};
      long[] mask = {1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      NDList in = new NDList(manager.create(user, new Shape(2 * S, D)), manager.zeros(new Shape(2 * S, 4)),
          manager.create(mask, new Shape(2 * S, 4)), manager.create(new float[] {1, 1, 2, 2}, new Shape(2, D)),
          manager.zeros(new Shape(2, 4)), manager.zeros(new Shape(2, 4)));

      float[] qu = network.representations(new ParameterStore(manager, false), in, false, null).get(0)
          .toFloatArray();

      assertThat(qu).hasSize(2 * (S + 1) * D);
      // the per-type vectors first, as without the option
      assertThat(java.util.Arrays.copyOfRange(qu, 0, S * D)).containsExactly(1, 0, 0, 1, 5, 5);
      // (2·[1, 0] + 1·[0, 1] + 0·[5, 5]) / 3
      assertThat(qu[S * D]).isCloseTo(2f / 3, within(1e-6f));
      assertThat(qu[S * D + 1]).isCloseTo(1f / 3, within(1e-6f));
      // a sample without behaviours gets zeros, not a division by zero
      assertThat(qu[(2 * S + 1) * D]).isZero();
      assertThat(qu[(2 * S + 1) * D + 1]).isZero();
      // the user-only pass (serving, export) gives the same Q_u
      float[] userOnly = network.userRepresentation(new ParameterStore(manager, false), in, 2, false, null)
          .toFloatArray();
      assertThat(userOnly).containsExactly(qu);
    }
  }

  @Test
  void oneSequenceHasNothingToAverage() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> new CtrNetwork(new LambdaBlock(x -> x), Linear.builder().setUnits(D).build(),
          Linear.builder().setUnits(1).build(), 1, D, D, 0, null, 0, HeadInteractions.NONE, true))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two sequences");
    }
  }
}
