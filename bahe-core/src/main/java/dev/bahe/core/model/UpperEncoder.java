package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.bahe.api.model.Pooling;

/**
 * The upper layers {@code [k, L)} over given input embeddings, then {@code F_p}: the encoder of ABE (the
 * token states of each behaviour, concatenated per type) and BAHE (one store vector per behaviour). The child
 * is the backbone's {@code upper(k)} and trains; the lower part is not a child and is never called.
 *
 * <p>BAHE on a learned-position backbone adds a trainable per-behaviour position table {@code P [M, d]}
 * (initialised from the backbone's position embeddings, rows {@code 0..M-1}): the upper input is
 * {@code x[r, j] + P[j]}; a pooled item (a length-1 sequence) gets {@code P[0]}, an item given as token states
 * does not (its lower-layer states carry the backbone's own positions). Position {@code j} is a row's
 * {@code j}-th behaviour counted from the oldest, or with {@code fromNewest} ({@code sequence.positionOrigin:
 * newest}) from the newest: {@code x[r, j] + P[n_r - 1 - j]} for a row of {@code n_r} behaviours (its
 * attention mask's count), so that a row's newest behaviour always reads {@code P[0]}. On a rotary backbone the
 * position ids {@code 0..S-1} of each row are passed as the optional third input of {@code upper(k)}.
 *
 * <p>A BAHE user sequence of all types ({@code sequence.userSequence: merged}) also adds a trainable type table
 * {@code E [N, d]} (zero at initialisation, so the untrained input is the stored vectors plus positions): the user
 * input is {@code x[r, j] + P[j] + onehot[r, j] · E}, the one-hot of each position's type given as input 7.
 *
 * <p>Input: {@code states float32 [R, S, d]}, attention mask {@code int64 [R, S]}, pooling mask {@code [R, S]},
 * then the same three for the item ({@code [B, Si, d]}), then with a type table the user positions' type one-hot
 * {@code float32 [R, S, N]}. Output {@code NDList(user [R, d], item [B, d])}.
 */
final class UpperEncoder extends AbstractBlock implements UserSideEncoder {

  private final Block upper;
  private final Pooling pooling;
  private final Parameter positions;
  private final boolean rotary;
  private final int hidden;
  private final boolean itemPositions;
  private final Parameter typeTable;
  private final boolean fromNewest;

  /**
   * An encoder without a type table: one sequence per type, or ABE.
   *
   * @param positions the per-behaviour position table, or null (ABE, rotary backbones)
   * @param itemPositions whether the item sequence gets the position table too (a pooled item)
   * @param rotary whether to pass position ids to {@code upper(k)}
   */
  UpperEncoder(Block upper, Pooling pooling, Parameter positions, boolean itemPositions, boolean rotary,
      int hidden) {
    this(upper, pooling, positions, itemPositions, rotary, hidden, 0, false);
  }

  /**
   * @param types {@code N}, the rows of the type table of a merged user sequence, or 0 for none
   * @param fromNewest whether position 0 of the table is each row's newest (last) behaviour, not its oldest
   */
  UpperEncoder(Block upper, Pooling pooling, Parameter positions, boolean itemPositions, boolean rotary,
      int hidden, int types, boolean fromNewest) {
    this.upper = addChildBlock("upper", upper);
    this.pooling = pooling;
    this.positions = positions == null ? null : addParameter(positions);
    this.typeTable = types == 0 ? null : addParameter(Parameter.builder()
        .setName("behaviorTypes")
        .setType(Parameter.Type.WEIGHT)
        .optInitializer(new ConstantInitializer(0f))
        .optShape(new Shape(types, hidden))
        .build());
    this.itemPositions = itemPositions;
    this.rotary = rotary;
    this.hidden = hidden;
    this.fromNewest = fromNewest;
  }

  Parameter positionParameter() {
    return positions;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray user = encodeUser(ps, in, training, params);
    NDArray item = encode(ps, in.get(3), in.get(4), in.get(5), itemPositions, training, params);
    return new NDList(user, item);
  }

  @Override
  public NDArray encodeUser(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray states = in.get(0);
    if (typeTable != null) {
      if (in.size() < 7) {
        throw new IllegalArgumentException("a merged user sequence needs its positions' type one-hot as input 7");
      }
      NDArray table = ps.getValue(typeTable, states.getDevice(), training);
      states = states.add(in.get(6).matMul(table));
    }
    return encode(ps, states, in.get(1), in.get(2), true, training, params);
  }

  /**
   * Sequences of input embeddings to pooled vectors {@code [R, d]}. The rows run in groups of similar length
   * ({@link LengthBuckets}), each padded only to its own longest row: the same function as {@link #encodePadded},
   * at the cost of the real positions rather than of {@code R} times the longest.
   */
  NDArray encode(ParameterStore ps, NDArray states, NDArray attention, NDArray poolMask, boolean withPositions,
      boolean training, PairList<String, Object> params) {
    return LengthBuckets.encode(states, attention, poolMask,
        (x, a, p) -> encodePadded(ps, x, a, p, withPositions, training, params));
  }

  /** {@link #encode} with every row padded to the batch's {@code S}: one pass through the upper layers. */
  NDArray encodePadded(ParameterStore ps, NDArray states, NDArray attention, NDArray poolMask,
      boolean withPositions, boolean training, PairList<String, Object> params) {
    return pooling.pool(upperStates(ps, states, attention, withPositions, training, params), poolMask);
  }

  /**
   * The upper layers' input for {@code states [R, S, d]} with attention mask {@code [R, S]} (each row's
   * behaviours first, then padding): the states plus the per-position embeddings when there is a table and
   * {@code withPositions}.
   */
  NDArray upperInput(ParameterStore ps, NDArray states, NDArray attention, boolean withPositions,
      boolean training) {
    if (positions == null || !withPositions) {
      return states;
    }
    Shape shape = states.getShape();
    long s = shape.get(1);
    NDArray table = ps.getValue(positions, states.getDevice(), training);
    if (s > table.getShape().get(0)) {
      throw new IllegalArgumentException("sequence of " + s + " behaviours exceeds the " + table.getShape().get(0)
          + " behaviour positions");
    }
    if (!fromNewest) {
      return states.add(table.get(new NDIndex("0:{}", s)));
    }
    // row r's position j reads P[n_r - 1 - j]; padding (j >= n_r, masked out) reads P[0]
    NDArray count = attention.sum(new int[] {1}, true).toType(DataType.INT64, false);
    NDArray offsets = attention.getManager().arange(0, Math.toIntExact(s), 1, DataType.INT64);
    NDArray ids = count.sub(1).sub(offsets).maximum(0).flatten();
    return states.add(table.get(ids).reshape(shape));
  }

  NDArray upperStates(ParameterStore ps, NDArray states, NDArray attention, boolean withPositions,
      boolean training, PairList<String, Object> params) {
    NDArray x = upperInput(ps, states, attention, withPositions, training);
    NDList input = new NDList(x, attention);
    if (rotary) {
      Shape shape = attention.getShape();
      NDArray ids = attention.getManager().arange(0, Math.toIntExact(shape.get(1)), 1, DataType.INT64)
          .broadcast(shape.get(0), shape.get(1));
      input.add(ids);
    }
    return upper.forward(ps, input, training, params).head();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape states = inputShapes[0];
    if (rotary) {
      upper.initialize(manager, dataType, states, inputShapes[1], inputShapes[1]);
    } else {
      upper.initialize(manager, dataType, states, inputShapes[1]);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), hidden), new Shape(inputShapes[3].get(0), hidden)};
  }
}
