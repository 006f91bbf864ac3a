package dev.bahe.core.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
 * text not yet in the store is encoded by the frozen lower part and written back (put + flush; a store may make
 * the flush durable later, as long as the vector is readable at once) before scoring.
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

  /**
   * The user side of a request, computed once for all its candidates: {@code Q_u} of the user at {@code time}
   * (and the behaviour shares of the logit's share term, when the model has one). Cacheable: it depends only on
   * the behaviours strictly before {@code time}. Only the user half of the network runs: no item goes through the
   * upper layers.
   */
  public UserSide user(UserHistory history, long time) {
    Objects.requireNonNull(history, "history");
    try (NDManager scope = model.manager().newSubManager()) {
      NDList user = model.userRepresentation(history, time, scope);
      return new UserSide(user.get(0).toFloatArray(), user.size() > 1 ? user.get(1).toFloatArray() : null);
    }
  }

  /** {@code Q_i} of {@code items}, row-major {@code [n, d̂]}: independent of users, so cacheable per item. */
  public float[] items(List<Item> items) {
    if (items.isEmpty()) {
      return new float[0];
    }
    try (NDManager scope = model.manager().newSubManager()) {
      return model.itemRepresentations(items, scope).toFloatArray();
    }
  }

  /**
   * {@code P(click)} of the user side against {@code n} item representations (row-major {@code [n, d̂]}, from
   * {@link #items}): equal to {@link #predict} for the same user, time and items up to float rounding, at the
   * cost of the head only.
   */
  public float[] score(UserSide user, float[] itemRepresentations) {
    int d = model.reducedDim();
    if (itemRepresentations.length % d != 0) {
      throw new IllegalArgumentException("item representations of " + itemRepresentations.length
          + " values are not rows of " + d);
    }
    int n = itemRepresentations.length / d;
    if (n == 0) {
      return new float[0];
    }
    try (InferenceScope inference = model.inference(); NDManager scope = model.manager().newSubManager()) {
      NDList side = new NDList(scope.create(user.user(), new Shape(1, user.user().length)));
      if (user.shares() != null) {
        side.add(scope.create(user.shares(), new Shape(1, user.shares().length)));
      }
      NDArray qi = scope.create(itemRepresentations, new Shape(n, d));
      return Activation.sigmoid(model.userLogits(side, qi, scope)).reshape(-1).toFloatArray();
    }
  }

  /** {@code d̂}, the width of one item representation row. */
  public int itemDimension() {
    return model.reducedDim();
  }

  /**
   * The user side of a request.
   *
   * @param user {@code Q_u}, {@code S·d̂} values
   * @param shares the per-type behaviour shares of the logit's share term, or null when the model has none
   */
  public record UserSide(float[] user, float[] shares) {}

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
