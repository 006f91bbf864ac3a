package dev.bahe.serving;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.serve.ClickPredictor;
import dev.bahe.core.serve.ClickPredictor.UserSide;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warm model of the service: {@code Q_i} of every catalogue item computed at start, a bounded LRU of
 * {@code Q_u} per (user, {@link HistoryFingerprint history fingerprint}) and one of inline titles' {@code Q_i}. The
 * caches belong to the model, so a reload starts with empty ones. Requests hold a lease while they score;
 * {@link #retire()} closes the model once the last lease is returned, so in-flight requests finish on it.
 */
final class ServingModel {

  private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);
  private static final int WARM_BATCH = 128;

  private final LoadedModel loaded;
  private final ClickPredictor predictor;
  private final List<BehaviorType> types;
  private final Map<String, float[]> catalogue;
  private final Cache<String, UserSide> users;
  private final Cache<String, float[]> titles;
  private final AtomicInteger leases = new AtomicInteger(1);
  private final long warmMillis;

  private ServingModel(LoadedModel loaded, Map<String, float[]> catalogue, ServingOptions options, long warmMillis) {
    this.loaded = loaded;
    this.predictor = new ClickPredictor(loaded.model());
    this.types = loaded.model().types();
    this.catalogue = catalogue;
    this.users = CacheBuilder.newBuilder().maximumSize(options.userCacheSize()).build();
    this.titles = CacheBuilder.newBuilder().maximumSize(options.titleCacheSize()).build();
    this.warmMillis = warmMillis;
  }

  /** Computes {@code Q_i} of every catalogue item; on failure closes what {@code loaded} holds. */
  static ServingModel warm(LoadedModel loaded, ServingOptions options) {
    long start = System.nanoTime();
    try {
      ClickPredictor predictor = new ClickPredictor(loaded.model());
      int d = predictor.itemDimension();
      List<Item> items = new ArrayList<>(loaded.catalogue().items().values());
      Map<String, float[]> reps = new HashMap<>(items.size() * 2);
      for (int from = 0; from < items.size(); from += WARM_BATCH) {
        List<Item> batch = items.subList(from, Math.min(items.size(), from + WARM_BATCH));
        float[] q = predictor.items(batch);
        for (int i = 0; i < batch.size(); i++) {
          float[] row = new float[d];
          System.arraycopy(q, i * d, row, 0, d);
          reps.put(batch.get(i).itemId(), row);
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      LOG.info("model {} warm: Q_i of {} catalogue items in {} ms", loaded.version(), reps.size(), millis);
      return new ServingModel(loaded, Map.copyOf(reps), options, millis);
    } catch (RuntimeException e) {
      closeQuietly(loaded);
      throw e;
    }
  }

  String version() {
    return loaded.version();
  }

  List<BehaviorType> types() {
    return types;
  }

  int catalogueSize() {
    return catalogue.size();
  }

  long warmMillis() {
    return warmMillis;
  }

  java.util.Map<String, UserHistory> catalogueHistories() {
    return loaded.catalogue().histories();
  }

  long storeSize() {
    return loaded.storeSize().getAsLong();
  }

  long lowerPartEncodings() {
    return loaded.model().lowerPartEncodings();
  }

  /** Whether {@code itemId} is in the catalogue. */
  boolean knows(String itemId) {
    return catalogue.containsKey(itemId);
  }

  /** Takes a lease; false when the model is already retired (the caller takes the new current model). */
  boolean acquire() {
    while (true) {
      int n = leases.get();
      if (n == 0) {
        return false;
      }
      if (leases.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (leases.decrementAndGet() == 0) {
      LOG.info("model {} retired and closed", loaded.version());
      closeQuietly(loaded);
    }
  }

  /** Drops the model's own lease: it closes when the last in-flight request releases. */
  void retire() {
    release();
  }

  /**
   * Scores {@code candidates} (already checked against the catalogue) for {@code history} at {@code time}.
   *
   * @param cacheUser the user part of the {@code Q_u} cache key ({@code ""} for inline-only requests)
   * @param hit set to whether {@code Q_u} came from the cache
   * @param phases set to the nanoseconds of the user side, the inline titles and the head
   */
  float[] score(UserHistory history, String cacheUser, long time, List<Candidate> candidates, boolean[] hit,
      long[] phases) {
    long t0 = System.nanoTime();
    String key = cacheUser + '\u0000' + HistoryFingerprint.of(history, types, time);
    UserSide side = users.getIfPresent(key);
    hit[0] = side != null;
    if (side == null) {
      try {
        // one computation per key however many requests ask for it at once
        side = users.get(key, () -> predictor.user(history, time));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    long t1 = System.nanoTime();
    int d = predictor.itemDimension();
    float[] reps = new float[candidates.size() * d];
    Map<String, List<Integer>> missingTitles = new LinkedHashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      float[] row = c.itemId() != null ? catalogue.get(c.itemId()) : titles.getIfPresent(c.title());
      if (row == null) {
        missingTitles.computeIfAbsent(c.title(), t -> new ArrayList<>()).add(i);
      } else {
        System.arraycopy(row, 0, reps, i * d, d);
      }
    }
    if (!missingTitles.isEmpty()) {
      List<Item> fresh = new ArrayList<>(missingTitles.size());
      int n = 0;
      for (String title : missingTitles.keySet()) {
        fresh.add(new Item("title:" + n++, title));
      }
      float[] q = predictor.items(fresh);
      int j = 0;
      for (Map.Entry<String, List<Integer>> e : missingTitles.entrySet()) {
        float[] row = new float[d];
        System.arraycopy(q, j++ * d, row, 0, d);
        titles.put(e.getKey(), row);
        for (int i : e.getValue()) {
          System.arraycopy(row, 0, reps, i * d, d);
        }
      }
    }
    long t2 = System.nanoTime();
    float[] scores = predictor.score(side, reps);
    phases[0] = t1 - t0;
    phases[1] = t2 - t1;
    phases[2] = System.nanoTime() - t2;
    return scores;
  }

  private static void closeQuietly(LoadedModel loaded) {
    try {
      loaded.model().close();
    } catch (RuntimeException e) {
      LOG.warn("closing model {} failed: {}", loaded.version(), e.toString());
    }
    try {
      loaded.resources().close();
    } catch (Exception e) {
      LOG.warn("closing the resources of model {} failed: {}", loaded.version(), e.toString());
    }
  }
}
