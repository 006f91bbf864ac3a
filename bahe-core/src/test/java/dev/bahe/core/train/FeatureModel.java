package dev.bahe.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.model.CtrModel;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small real CTR model for testing the trainer, evaluator and exporter: a hand-made dense feature vector per
 * impression through {@code Linear(hidden) → tanh → Linear(1)}. The first linear layer plays the "backbone"
 * (parameters named {@code 01Linear_*}), the last one the head. Its representations are the hidden layer
 * (Q_u) and a one-value item code (Q_i).
 */
public final class FeatureModel implements CtrModel {

  private final Function<Impression, float[]> featureFn;
  private final int dim;
  private final NDManager manager;
  private final SequentialBlock block;
  private int openInferenceScopes;
  private int batchesInInference;
  private int batchesOutsideInference;

  public FeatureModel(Function<Impression, float[]> featureFn, int dim, int hidden, long seed) {
    this(featureFn, dim, hidden, seed, 0f);
  }

  /** As above, with dropout of rate {@code dropout} after the hidden layer (0: none). */
  public FeatureModel(Function<Impression, float[]> featureFn, int dim, int hidden, long seed, float dropout) {
    this.featureFn = featureFn;
    this.dim = dim;
    this.manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed((int) seed);
    block = new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build())
        .add(Activation::tanh);
    if (dropout > 0) {
      block.add(ai.djl.nn.norm.Dropout.builder().optRate(dropout).build());
    }
    block.add(Linear.builder().setUnits(1).build());
    block.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
  }

  @Override
  public String name() {
    return "feature-model";
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public NDList features(List<Impression> batch, NDManager m) {
    if (openInferenceScopes > 0) {
      batchesInInference++;
    } else {
      batchesOutsideInference++;
    }
    float[] x = new float[batch.size() * dim];
    for (int i = 0; i < batch.size(); i++) {
      float[] f = featureFn.apply(batch.get(i));
      System.arraycopy(f, 0, x, i * dim, dim);
    }
    return new NDList(m.create(x, new Shape(batch.size(), dim)));
  }

  @Override
  public boolean isBackboneParameter(String parameterName) {
    return parameterName.startsWith("01");
  }

  @Override
  public Optional<NDList> representations(List<Impression> batch, NDManager m) {
    NDList in = features(batch, m);
    NDList hidden = block.getChildren().get(0).getValue()
        .forward(new ai.djl.training.ParameterStore(m, false), in, false);
    float[] items = new float[batch.size()];
    for (int i = 0; i < items.length; i++) {
      items[i] = batch.get(i).itemId().hashCode() % 1000;
    }
    return Optional.of(new NDList(hidden.singletonOrThrow().tanh(), m.create(items, new Shape(items.length, 1))));
  }

  @Override
  public InferenceScope inference() {
    openInferenceScopes++;
    return () -> openInferenceScopes--;
  }

  /** Inference scopes opened and not yet closed. */
  public int openInferenceScopes() {
    return openInferenceScopes;
  }

  /** Feature batches built inside an inference scope, and outside one. */
  public int[] batchesInAndOutsideInference() {
    return new int[] {batchesInInference, batchesOutsideInference};
  }

  @Override
  public void close() {
    manager.close();
  }
}
