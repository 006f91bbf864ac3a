package dev.bahe.heads;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * DCN-v2 (Wang et al., "DCN V2", WWW 2021): a {@link CrossNetwork} and a deep MLP, combined
 *
 * <ul>
 *   <li>{@link Structure#PARALLEL}: {@code logit = Linear(1)(cross(x) ⊕ deep(x))};
 *   <li>{@link Structure#STACKED}: {@code logit = Linear(1)(deep(cross(x)))}.
 * </ul>
 *
 * <p>With no hidden sizes the deep part is the identity on its input, so both reduce to
 * {@code Linear(1)(cross(x))}. Input {@code [B, d]}, output logits {@code [B, 1]}.
 */
final class DcnV2Block extends AbstractBlock {

  private static final byte VERSION = 1;

  /** How the cross network and the deep network are combined. */
  enum Structure {
    PARALLEL,
    STACKED
  }

  private final Structure structure;
  private final CrossNetwork cross;
  /** Null when there are no hidden sizes. */
  private final SequentialBlock deep;
  private final Linear output;

  DcnV2Block(Structure structure, CrossNetwork cross, SequentialBlock deep) {
    super(VERSION);
    this.structure = structure;
    this.cross = addChildBlock("cross", cross);
    this.deep = deep.getChildren().isEmpty() ? null : addChildBlock("deep", deep);
    this.output = addChildBlock("output", HeadLayers.logit());
  }

  CrossNetwork cross() {
    return cross;
  }

  Linear output() {
    return output;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList crossed = cross.forward(parameterStore, inputs, training, params);
    NDArray combined;
    if (deep == null) {
      combined = crossed.singletonOrThrow();
    } else if (structure == Structure.PARALLEL) {
      NDArray deepOut = deep.forward(parameterStore, inputs, training, params).singletonOrThrow();
      combined = crossed.singletonOrThrow().concat(deepOut, 1);
    } else {
      combined = deep.forward(parameterStore, crossed, training, params).singletonOrThrow();
    }
    return output.forward(parameterStore, new NDList(combined), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    cross.initialize(manager, dataType, inputShapes);
    Shape crossShape = cross.getOutputShapes(inputShapes)[0];
    Shape combined;
    if (deep == null) {
      combined = crossShape;
    } else if (structure == Structure.PARALLEL) {
      deep.initialize(manager, dataType, inputShapes);
      Shape deepShape = deep.getOutputShapes(inputShapes)[0];
      combined = new Shape(crossShape.get(0), crossShape.get(1) + deepShape.get(1));
    } else {
      deep.initialize(manager, dataType, crossShape);
      combined = deep.getOutputShapes(new Shape[] {crossShape})[0];
    }
    output.initialize(manager, dataType, combined);
  }

  @Override
  protected void saveMetadata(DataOutputStream os) throws IOException {
    saveInputShapes(os);
    os.writeUTF(structure.name());
  }

  @Override
  public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
    if (loadVersion != VERSION) {
      throw new MalformedModelException("unsupported DcnV2Block version " + loadVersion + ", expected " + VERSION);
    }
    readInputShapes(is);
    String saved = is.readUTF();
    if (!saved.equals(structure.name())) {
      throw new MalformedModelException("saved DCN-v2 is " + saved + ", this one is " + structure);
    }
  }
}
