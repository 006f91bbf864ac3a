package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.model.TokenizedBatch;
import dev.bahe.api.store.BehaviorStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * BAHE's {@link AlignableUpperLayers}: the behaviour store's vectors, targets from the whole backbone
 * ({@code lower(0)} and {@code upper(0)}, then {@code F_p}) over each stored text cut to {@code maxTokens}, and
 * the model's {@link UpperEncoder}.
 */
final class StoreUpperLayers implements AlignableUpperLayers {

  private static final int TARGET_BATCH = 64;

  private final UpperEncoder encoder;
  private final LayeredLanguageModel backbone;
  private final BehaviorStore store;
  private final Pooling pooling;
  private final int maxTokens;
  private final int maxSequenceLength;

  StoreUpperLayers(UpperEncoder encoder, LayeredLanguageModel backbone, BehaviorStore store, Pooling pooling,
      int maxTokens, int maxSequenceLength) {
    this.encoder = encoder;
    this.backbone = backbone;
    this.store = store;
    this.pooling = pooling;
    this.maxTokens = maxTokens;
    this.maxSequenceLength = maxSequenceLength;
  }

  @Override
  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  @Override
  public AlignmentCorpus corpus(int maxBehaviours, long seed, NDManager manager) {
    List<Long> keys = new ArrayList<>();
    store.forEachKey(keys::add);
    keys.sort(null);
    if (keys.size() > maxBehaviours) {
      Collections.shuffle(keys, new Random(seed));
      keys = new ArrayList<>(keys.subList(0, maxBehaviours));
      keys.sort(null);
    }
    int n = keys.size();
    int d = store.dimension();
    float[] vectors = new float[Math.multiplyExact(n, d)];
    List<String> texts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long key = keys.get(i);
      texts.add(store.text(key).orElseThrow(() -> new IllegalStateException("stored key " + key + " has no text")));
      float[] v = store.get(key).orElseThrow(() -> new IllegalStateException("stored key " + key + " has no vector"));
      System.arraycopy(v, 0, vectors, i * d, d);
    }
    float[] targets = new float[vectors.length];
    Block embeddings = backbone.lower(0);
    Block layers = backbone.upper(0);
    for (int from = 0; from < n; from += TARGET_BATCH) {
      int to = Math.min(n, from + TARGET_BATCH);
      TokenizedBatch batch = backbone.tokenizer().encode(texts.subList(from, to), maxTokens);
      try (InferenceScope noGradients = backbone.inference(); NDManager scope = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(scope, false);
        NDList input = batch.toNDList(scope);
        NDArray h = embeddings.forward(ps, input, false).head();
        h = layers.forward(ps, new NDList(h, input.get(1)), false).head();
        float[] pooled = pooling.pool(h, input.get(1)).toType(DataType.FLOAT32, false).toFloatArray();
        System.arraycopy(pooled, 0, targets, from * d, pooled.length);
      }
    }
    return new AlignmentCorpus(n, d, vectors, targets);
  }

  @Override
  public NDArray states(ParameterStore ps, NDArray vectors, boolean training) {
    Shape shape = vectors.getShape();
    NDArray mask = vectors.getManager().ones(new Shape(shape.get(0), shape.get(1)), DataType.INT64);
    return encoder.upperStates(ps, vectors, mask, true, training, null);
  }
}
