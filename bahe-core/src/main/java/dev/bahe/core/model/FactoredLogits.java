package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logits of a batch of impressions computed in three factors instead of one full pass per impression: the user
 * half of the network once per distinct (user, time) — {@code Q_u} and whatever else of the user the logit reads
 * (the per-type shares) depend on the history before the time alone — the item half once per distinct item, and
 * the head ({@link CtrNetwork#logits}) once per impression on the rows of both. Equal to the full pass up to float
 * rounding, since the reducer, the normalisations of the head's products and the head map each row on its own in
 * inference mode. On MovieLens about half the impressions share their user's time with another, so evaluation
 * runs half the upper-layer passes, and each item's title through the upper layers once.
 */
final class FactoredLogits {

  /** Impressions per head pass: the head is a small MLP, so its batch is larger than an encoder pass's. */
  private static final int HEAD_BATCH = 1024;

  private final CtrNetwork network;
  private final AssembledCtrModel model;
  private final Dataset dataset;

  FactoredLogits(CtrNetwork network, AssembledCtrModel model, Dataset dataset) {
    this.network = network;
    this.model = model;
    this.dataset = dataset;
  }

  /** Logits of {@code batch}, in its order; encoder passes of at most {@code passSize} users or items. */
  float[] of(List<Impression> batch, int passSize, NDManager manager) {
    if (passSize <= 0) {
      throw new IllegalArgumentException("passSize must be positive, was " + passSize);
    }
    Map<UserTime, Integer> userRows = new LinkedHashMap<>();
    Map<String, Integer> itemRows = new LinkedHashMap<>();
    int[] userOf = new int[batch.size()];
    int[] itemOf = new int[batch.size()];
    for (int r = 0; r < batch.size(); r++) {
      Impression imp = batch.get(r);
      userOf[r] = userRows.computeIfAbsent(new UserTime(imp.userId(), imp.timestamp()), k -> userRows.size());
      itemOf[r] = itemRows.computeIfAbsent(imp.itemId(), k -> itemRows.size());
    }
    ParameterStore ps = new ParameterStore(manager, false);
    UserRows users = users(new ArrayList<>(userRows.keySet()), passSize, manager);
    float[] items = items(new ArrayList<>(itemRows.keySet()), passSize, manager);
    int di = network.reducedDim();
    float[] out = new float[batch.size()];
    for (int from = 0; from < batch.size(); from += HEAD_BATCH) {
      int n = Math.min(HEAD_BATCH, batch.size() - from);
      float[] qu = new float[n * users.width];
      float[] qi = new float[n * di];
      float[] shares = users.shareWidth == 0 ? null : new float[n * users.shareWidth];
      for (int r = 0; r < n; r++) {
        int u = userOf[from + r];
        System.arraycopy(users.qu, u * users.width, qu, r * users.width, users.width);
        System.arraycopy(items, itemOf[from + r] * di, qi, r * di, di);
        if (shares != null) {
          System.arraycopy(users.shares, u * users.shareWidth, shares, r * users.shareWidth, users.shareWidth);
        }
      }
      try (NDManager head = manager.newSubManager()) {
        NDArray logits = network.logits(ps, head.create(qu, new Shape(n, users.width)),
            head.create(qi, new Shape(n, di)),
            shares == null ? null : head.create(shares, new Shape(n, users.shareWidth)), false, null);
        System.arraycopy(logits.toType(DataType.FLOAT32, false).toFloatArray(), 0, out, from, n);
      }
    }
    return out;
  }

  private UserRows users(List<UserTime> keys, int passSize, NDManager manager) {
    float[] qu = null;
    float[] shares = null;
    int width = 0;
    int shareWidth = 0;
    for (int from = 0; from < keys.size(); from += passSize) {
      List<UserTime> chunk = keys.subList(from, Math.min(keys.size(), from + passSize));
      List<Sample> samples = new ArrayList<>(chunk.size());
      for (UserTime k : chunk) {
        samples.add(model.userSample(dataset.history(k.userId()), k.time()));
      }
      try (NDManager pass = manager.newSubManager()) {
        NDList user = model.userHalf(samples, pass);
        NDArray userQu = user.get(0);
        if (qu == null) {
          width = Math.toIntExact(userQu.getShape().get(1));
          qu = new float[keys.size() * width];
          if (user.size() > 1) {
            shareWidth = Math.toIntExact(user.get(1).getShape().get(1));
            shares = new float[keys.size() * shareWidth];
          }
        }
        System.arraycopy(userQu.toType(DataType.FLOAT32, false).toFloatArray(), 0, qu, from * width,
            chunk.size() * width);
        if (shares != null) {
          System.arraycopy(user.get(1).toType(DataType.FLOAT32, false).toFloatArray(), 0, shares,
              from * shareWidth, chunk.size() * shareWidth);
        }
      }
    }
    return new UserRows(qu, width, shares, shareWidth);
  }

  private float[] items(List<String> ids, int passSize, NDManager manager) {
    int d = network.reducedDim();
    float[] out = new float[ids.size() * d];
    for (int from = 0; from < ids.size(); from += passSize) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + passSize));
      List<Item> items = new ArrayList<>(chunk.size());
      chunk.forEach(id -> items.add(dataset.item(id)));
      try (NDManager pass = manager.newSubManager()) {
        NDArray qi = model.itemRepresentations(items, pass);
        System.arraycopy(qi.toType(DataType.FLOAT32, false).toFloatArray(), 0, out, from * d, chunk.size() * d);
      }
    }
    return out;
  }

  private record UserTime(String userId, long time) {}

  /** {@code Q_u} rows ({@code width} floats each) and share rows ({@code shareWidth} each, null without). */
  private record UserRows(float[] qu, int width, float[] shares, int shareWidth) {}
}
