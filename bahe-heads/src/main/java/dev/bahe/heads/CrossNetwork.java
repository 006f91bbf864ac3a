package dev.bahe.heads;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross network of DCN-v2 (Wang et al., 2021), full-rank: {@code x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l}
 * with {@code W_l} a {@code d × d} matrix, for {@code l = 0 .. L-1}.
 *
 * <p>Input {@code [B, d]}; parameters per layer {@code weight [d, d]}, {@code bias [d]}; output {@code [B, d]}.
 */
final class CrossNetwork extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int dimension;
  private final List<Linear> layers = new ArrayList<>();

  CrossNetwork(int dimension, int numLayers) {
    super(VERSION);
    if (numLayers < 1) {
      throw new IllegalArgumentException("head.crossLayers must be >= 1 for dcnv2, was " + numLayers);
    }
    this.dimension = dimension;
    for (int l = 0; l < numLayers; l++) {
      layers.add(addChildBlock("cross" + l, Linear.builder().setUnits(dimension).build()));
    }
  }

  /** The {@code l}-th cross layer's linear map {@code W_l x + b_l}. */
  Linear layer(int l) {
    return layers.get(l);
  }

  int numLayers() {
    return layers.size();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x0 = inputs.singletonOrThrow();
    NDArray x = x0;
    for (Linear layer : layers) {
      NDArray wx = layer.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
      x = x0.mul(wx).add(x);
    }
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long last = inputShapes[0].get(inputShapes[0].dimension() - 1);
    if (last != dimension) {
      throw new IllegalArgumentException(
          "cross network built for input dimension " + dimension + " got input shape " + inputShapes[0]);
    }
    for (Linear layer : layers) {
      layer.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  protected void saveMetadata(DataOutputStream os) throws IOException {
    saveInputShapes(os);
    os.writeInt(dimension);
    os.writeInt(layers.size());
  }

  @Override
  public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
    if (loadVersion != VERSION) {
      throw new MalformedModelException("unsupported CrossNetwork version " + loadVersion + ", expected " + VERSION);
    }
    readInputShapes(is);
    int savedDimension = is.readInt();
    int savedLayers = is.readInt();
    if (savedDimension != dimension || savedLayers != layers.size()) {
      throw new MalformedModelException("saved cross network has dimension " + savedDimension + " and "
          + savedLayers + " layers, this one " + dimension + " and " + layers.size());
    }
  }
}
