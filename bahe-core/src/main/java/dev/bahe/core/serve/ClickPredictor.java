package dev.bahe.core.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.model.Sample;
import dev.bahe.core.model.TextCtrModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Online scoring: click probabilities of candidate items for a user at a time. Uses exactly the training
 * feature path of the model ({@link TextCtrModel#sampleFeatures}): the same point-in-time behaviour selection
 * (only behaviours strictly before {@code time}), and for BAHE the same store gather, where a behaviour or item
 * text not yet in the store is encoded by the frozen lower part and written back (put + flush) before scoring.
 *
 * <p>Thread-safe: each call works in its own scratch manager and parameter store; native memory of a call is
 * freed before it returns. The predictor does not own the model.
 */
public final class ClickPredictor {

  private final TextCtrModel model;

  public ClickPredictor(TextCtrModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Scores {@code candidates} for the user with {@code history} at {@code time}.
   *
   * @return {@code P(click)} per candidate, in candidate order; empty for no candidates
   */
  public float[] predict(UserHistory history, long time, List<Item> candidates) {
    Objects.requireNonNull(history, "history");
    if (candidates.isEmpty()) {
      return new float[0];
    }
    List<Sample> samples = new ArrayList<>(candidates.size());
    for (Item item : candidates) {
      samples.add(new Sample(history, item, time));
    }
    try (InferenceScope inference = model.inference(); NDManager scope = model.manager().newSubManager()) {
      NDList input = model.sampleFeatures(samples, scope);
      NDArray logits = model.block().forward(new ParameterStore(scope, false), input, false).singletonOrThrow();
      return Activation.sigmoid(logits).reshape(-1).toFloatArray();
    }
  }

  /** The representations {@code Q_u [n, S·d̂]} (row per candidate) and {@code Q_i [n, d̂]} as row-major arrays. */
  public Representations represent(UserHistory history, long time, List<Item> candidates) {
    List<Sample> samples = new ArrayList<>(candidates.size());
    for (Item item : candidates) {
      samples.add(new Sample(history, item, time));
    }
    try (NDManager scope = model.manager().newSubManager()) {
      NDList q = model.sampleRepresentations(samples, scope);
      return new Representations(q.get(0).toFloatArray(), q.get(1).toFloatArray(),
          model.userSequences() * model.reducedDim(), model.reducedDim());
    }
  }

  /**
   * Row-major representations.
   *
   * @param user {@code Q_u}, {@code n · userDim} values
   * @param item {@code Q_i}, {@code n · itemDim} values
   * @param userDim {@code S·d̂}
   * @param itemDim {@code d̂}
   */
  public record Representations(float[] user, float[] item, int userDim, int itemDim) {}
}
