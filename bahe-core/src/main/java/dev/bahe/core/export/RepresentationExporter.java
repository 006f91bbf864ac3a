package dev.bahe.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.bahe.api.data.Impression;
import dev.bahe.core.data.MiniBatches;
import dev.bahe.core.model.CtrModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the learned representations of a trained model to {@link RepresentationFile}s: {@code Q_u} for every
 * impression (point-in-time: computed from the behaviours before that impression, exactly as the model saw
 * it) and {@code Q_i} for every item. They become the extra dense features of the downstream ID-feature DNN
 * ({@link IdDnnModel}), which gives the paper's {@code AUC_d}.
 *
 * <p>Batched; every batch's arrays live in a sub-manager closed after the batch.
 */
public final class RepresentationExporter {

  private static final Logger LOG = LoggerFactory.getLogger(RepresentationExporter.class);

  /** User id of the probe impressions used to compute {@code Q_i}, which does not depend on the user. */
  public static final String PROBE_USER = "";

  private final int batchSize;

  public RepresentationExporter(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * Writes {@code Q_u} of every impression, in input order, to {@code file}. When the model computes {@code Q_u}
   * from the user and time alone ({@link CtrModel#userRepresentations}), impressions of one user at one time
   * within a window of {@value #WINDOW} consecutive impressions get one user-only pass between them (on MovieLens
   * about half the impressions share their user's timestamp with another); otherwise every impression gets the
   * full pass.
   *
   * @return the dimension of {@code Q_u}
   * @throws IllegalArgumentException when the model has no representations
   */
  public int exportUsers(CtrModel model, List<Impression> impressions, Path file) {
    if (impressions.isEmpty()) {
      throw new IllegalArgumentException("no impressions to export");
    }
    RepresentationFile.Writer writer = null;
    boolean done = false;
    long passes = 0;
    int d = -1;
    try (NDManager manager = NDManager.newBaseManager()) {
      boolean userOnly;
      try (NDManager probe = manager.newSubManager()) {
        userOnly = model.userRepresentations(impressions.subList(0, 1), probe).isPresent();
      }
      for (int from = 0; from < impressions.size(); from += WINDOW) {
        List<Impression> window = impressions.subList(from, Math.min(impressions.size(), from + WINDOW));
        WindowRows rows = windowRows(model, window, userOnly, manager);
        passes += rows.computed();
        if (writer == null) {
          d = rows.dimension();
          writer = RepresentationFile.writer(file, RepresentationFile.Kind.USER, d, impressions.size(), model.name());
        }
        for (int i = 0; i < window.size(); i++) {
          Impression imp = window.get(i);
          writer.user(imp.userId(), imp.itemId(), imp.timestamp(), rows.values(), rows.rowOf()[i] * d);
        }
      }
      writer.close();
      done = true;
      LOG.info("exported Q_u of {} impressions ({} {}, d = {}) from {} to {}", impressions.size(), passes,
          userOnly ? "user-only passes, one per user and time" : "full passes", d, model.name(), file);
      return d;
    } finally {
      if (!done && writer != null) {
        writer.abort();
      }
    }
  }

  /** Impressions per window of the user-and-time deduplication: bounds the rows held in memory. */
  static final int WINDOW = 8192;

  /**
   * {@code Q_u} rows of a window: {@code values} holds {@code computed} rows of {@code dimension} floats and
   * {@code rowOf[i]} is the row of the window's impression {@code i}.
   */
  private record WindowRows(float[] values, int dimension, int computed, int[] rowOf) {}

  /**
   * The window's rows: with {@code userOnly}, one user-only pass per distinct user and time; otherwise one full
   * pass per impression.
   */
  private WindowRows windowRows(CtrModel model, List<Impression> window, boolean userOnly, NDManager manager) {
    Map<UserAtTime, Integer> rowOfKey = new HashMap<>();
    List<Impression> computed = new ArrayList<>();
    int[] rowOf = new int[window.size()];
    for (int i = 0; i < window.size(); i++) {
      Impression imp = window.get(i);
      Integer row = userOnly ? rowOfKey.putIfAbsent(new UserAtTime(imp.userId(), imp.timestamp()), computed.size())
          : null;
      if (row == null) {
        row = computed.size();
        computed.add(imp);
      }
      rowOf[i] = row;
    }
    float[] values = null;
    int d = -1;
    int offset = 0;
    for (List<Impression> batch : MiniBatches.sequential(computed, batchSize)) {
      float[] qu;
      try (NDManager bm = manager.newSubManager()) {
        NDArray users = userOnly ? model.userRepresentations(batch, bm).orElseThrow(
            () -> new IllegalStateException("model " + model.name() + " stopped giving user representations"))
            : representations(model, batch, bm).get(0);
        qu = users.toType(DataType.FLOAT32, false).toFloatArray();
      }
      if (values == null) {
        d = qu.length / batch.size();
        values = new float[computed.size() * d];
      }
      System.arraycopy(qu, 0, values, offset * d, qu.length);
      offset += batch.size();
    }
    return new WindowRows(values, d, computed.size(), rowOf);
  }

  /** The key under which impressions share a user-only {@code Q_u}. */
  private record UserAtTime(String userId, long time) {}

  /**
   * Writes {@code Q_i} of every distinct item id, in first-seen order, to {@code file}. {@code Q_i} is computed
   * from probe impressions ({@link #PROBE_USER}, earliest time, label 0), since it depends on the item alone.
   *
   * @return the dimension of {@code Q_i}
   */
  public int exportItems(CtrModel model, Collection<String> itemIds, Path file) {
    List<Impression> probes = new ArrayList<>();
    for (String id : new LinkedHashSet<>(itemIds)) {
      probes.add(new Impression(PROBE_USER, id, Long.MIN_VALUE, 0));
    }
    if (probes.isEmpty()) {
      throw new IllegalArgumentException("no items to export");
    }
    RepresentationFile.Writer writer = null;
    boolean done = false;
    try (NDManager manager = NDManager.newBaseManager()) {
      int d = -1;
      for (List<Impression> batch : MiniBatches.sequential(probes, batchSize)) {
        try (NDManager bm = manager.newSubManager()) {
          NDList reps = representations(model, batch, bm);
          float[] qi = reps.get(1).toType(DataType.FLOAT32, false).toFloatArray();
          if (writer == null) {
            d = qi.length / batch.size();
            writer = RepresentationFile.writer(file, RepresentationFile.Kind.ITEM, d, probes.size(), model.name());
          }
          for (int i = 0; i < batch.size(); i++) {
            writer.item(batch.get(i).itemId(), qi, i * d);
          }
        }
      }
      writer.close();
      done = true;
      LOG.info("exported Q_i of {} items (d = {}) from {} to {}", probes.size(), d, model.name(), file);
      return d;
    } finally {
      if (!done && writer != null) {
        writer.abort();
      }
    }
  }

  private static NDList representations(CtrModel model, List<Impression> batch, NDManager manager) {
    Optional<NDList> reps = model.representations(batch, manager);
    if (reps.isEmpty()) {
      throw new IllegalArgumentException("model " + model.name() + " has no text representations to export");
    }
    NDList list = reps.get();
    if (list.size() != 2 || list.get(0).getShape().get(0) != batch.size()
        || list.get(1).getShape().get(0) != batch.size()) {
      throw new IllegalStateException("model " + model.name() + " returned representations " + list
          + " for a batch of " + batch.size() + "; expected (Q_u [B, *], Q_i [B, *])");
    }
    return list;
  }
}
