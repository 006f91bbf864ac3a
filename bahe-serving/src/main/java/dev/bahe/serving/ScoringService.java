package dev.bahe.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.data.UserHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP routes call: scoring on a bounded pool of workers with a bounded queue (a full queue answers 503 at
 * once, a request older than the timeout answers 503 and its queued work is dropped), durable events, hot reload
 * with an atomic swap, and drain.
 */
public final class ScoringService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

  private final ModelSource source;
  private final ServingOptions options;
  private final RequestParser parser;
  private final ServingMetrics metrics;
  private final AtomicReference<ServingModel> current = new AtomicReference<>();
  private final ThreadPoolExecutor workers;
  private final Object reloadLock = new Object();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Warm> warm = new CompletableFuture<>();
  private volatile Path checkpoint;
  private volatile boolean draining;
  private boolean closed;

  /** What warm-up produced besides the model: the kept histories with the event log replayed into them. */
  private record Warm(HistoryBook histories, EventLog events, long replayedEvents, long tornTailBytes) {}

  /**
   * Opens {@code checkpoint} through {@code source}, warms it (all catalogue {@code Q_i}) and replays the event
   * log; the service is ready when this returns.
   */
  public ScoringService(ModelSource source, Path checkpoint, ServingOptions options, ObjectMapper json,
      ServingMetrics metrics) {
    this(source, checkpoint, options, new RequestParser(json, options), metrics);
    warmUp(checkpoint, json);
  }

  /** A service not yet warm: no model, every request but health and metrics answered 503. */
  private ScoringService(ModelSource source, Path checkpoint, ServingOptions options, RequestParser parser,
      ServingMetrics metrics) {
    this.source = Objects.requireNonNull(source, "source");
    this.options = options;
    this.metrics = metrics;
    this.parser = parser;
    this.checkpoint = checkpoint;
    this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0L, TimeUnit.MILLISECONDS,
        options.queueCapacity() == 0 ? new java.util.concurrent.SynchronousQueue<>()
            : new ArrayBlockingQueue<>(options.queueCapacity()),
        r -> {
          Thread t = new Thread(r, "bahe-score");
          t.setDaemon(true);
          return t;
        });
    metrics.gauge("bahe_ready", "1 once the model, store and item cache are warm and the service is not draining",
        () -> ready() ? 1 : 0);
    metrics.gauge("bahe_catalogue_items", "catalogue items with a cached Q_i", () -> modelValue(m -> m.catalogueSize()));
    metrics.gauge("bahe_store_vectors", "vectors in the behaviour store visible to scoring (flushed and pending)",
        () -> modelValue(ServingModel::storeSize));
    metrics.counter("bahe_online_encodings", "texts encoded by the frozen lower part since the model was loaded"
        + " (online ABE back-fills and item titles)", () -> modelValue(ServingModel::lowerPartEncodings));
    metrics.gauge("bahe_score_queue_depth", "score requests waiting for a worker", () -> workers.getQueue().size());
    metrics.gauge("bahe_score_in_flight", "score requests being computed", inFlight::get);
    metrics.counter("bahe_store_flushes", "background flushes of online-encoded vectors to the behaviour store",
        () -> source.flushStats().flushes());
    metrics.counter("bahe_store_flushed_vectors", "online-encoded vectors written to the store and flushed",
        () -> source.flushStats().flushedVectors());
    metrics.counter("bahe_store_flush_failures", "background flushes that failed (their vectors stay in memory and"
        + " are retried)", () -> source.flushStats().failures());
    metrics.gauge("bahe_store_pending_vectors", "online-encoded vectors scored from memory, not yet flushed (what a"
        + " SIGKILL would lose)", () -> source.flushStats().pendingVectors());
    metrics.gauge("bahe_store_last_flush_seconds", "duration of the last background flush",
        () -> source.flushStats().lastFlushSeconds());
    metrics.counter("bahe_events_appended", "events appended to the log since start",
        () -> warm.isDone() && !warm.isCompletedExceptionally() ? warm.join().events().appended() : 0);
  }

  /**
   * A service that answers at once and warms up on a background thread: until the model, store and item cache are
   * warm and the event log is replayed, {@code /health/ready} says not ready and score and events requests get 503.
   * {@link #awaitWarm} waits for it (and rethrows a failure).
   */
  public static ScoringService warmingUp(ModelSource source, Path checkpoint, ServingOptions options,
      ObjectMapper json, ServingMetrics metrics) {
    ScoringService service = new ScoringService(source, checkpoint, options, new RequestParser(json, options),
        metrics);
    Thread t = new Thread(() -> {
      try {
        service.warmUp(checkpoint, json);
      } catch (RuntimeException e) {
        LOG.error("warm-up of {} failed: {}", checkpoint, e.toString());
      }
    }, "bahe-warm-up");
    t.setDaemon(true);
    t.start();
    return service;
  }

  private void warmUp(Path dir, ObjectMapper json) {
    try {
      ServingModel first = ServingModel.warm(source.open(dir), options);
      HistoryBook histories = new HistoryBook(first.catalogueHistories());
      long[] replay = new long[2];
      EventLog events;
      try {
        events = EventLog.open(options.eventLog(), json, r -> {
          for (EventLog.Event e : r.events()) {
            histories.add(e.userId(), List.of(e.behavior()));
          }
          replay[0] = r.events().size();
          replay[1] = r.tornTailBytes();
        });
      } catch (RuntimeException e) {
        first.retire();
        throw e;
      }
      LOG.info("event log {}: {} events replayed", options.eventLog(), replay[0]);
      synchronized (reloadLock) {
        if (closed) {
          // the service was closed while warming up: nothing will serve or retire this model
          events.close();
          first.retire();
          throw new ServiceUnavailableException("closed during warm-up");
        }
        current.set(first);
        warm.complete(new Warm(histories, events, replay[0], replay[1]));
      }
    } catch (RuntimeException e) {
      warm.completeExceptionally(e);
      workers.shutdownNow();
      throw e;
    }
  }

  /** Waits until the service is warm; rethrows the failure of warm-up. */
  public void awaitWarm() {
    try {
      warm.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private Warm warmed() {
    if (warm.isCompletedExceptionally()) {
      throw new ServiceUnavailableException("warm-up failed: no model is loaded; the server log has the details");
    }
    Warm w = warm.getNow(null);
    if (w == null) {
      throw new ServiceUnavailableException("warming up: the model, store and item cache are not ready yet");
    }
    return w;
  }

  private double modelValue(java.util.function.ToDoubleFunction<ServingModel> value) {
    ServingModel m = current.get();
    return m == null ? 0 : value.applyAsDouble(m);
  }

  private ServingModel model() {
    return current.get();
  }

  /** Whether the service takes requests: warm and not draining. */
  public boolean ready() {
    return !draining && current.get() != null && warm.isDone() && !warm.isCompletedExceptionally();
  }

  /** Why the service is not ready (warming up, failed to warm up, draining). */
  public String notReadyReason() {
    if (draining) {
      return "not ready: shutting down";
    }
    if (warm.isCompletedExceptionally()) {
      return "not ready: warm-up failed; the server log has the details";
    }
    return "not ready: warming up (model, store and item cache)";
  }

  public String modelVersion() {
    return model().version();
  }

  /** Vectors in the behaviour store of the current model (0 without a store). */
  public long storeSize() {
    return model().storeSize();
  }

  /** Texts the current model's frozen lower part has encoded since it was loaded (online ABE, item titles). */
  public long onlineEncodings() {
    return model().lowerPartEncodings();
  }

  public Path checkpoint() {
    return checkpoint;
  }

  public long replayedEvents() {
    return warmed().replayedEvents();
  }

  public long tornTailBytes() {
    return warmed().tornTailBytes();
  }

  ServingMetrics metrics() {
    return metrics;
  }

  ServingOptions options() {
    return options;
  }

  /** Scores a request body; throws {@link BadRequestException} or {@link ServiceUnavailableException}. */
  public ScoreResponse score(byte[] body, long arrivedNanos) {
    if (draining) {
      throw new ServiceUnavailableException("the service is shutting down");
    }
    warmed();
    ScoreQuery query = parser.score(body, model().types());
    Future<ScoreResponse> f;
    try {
      f = workers.submit(() -> compute(query, arrivedNanos));
    } catch (RejectedExecutionException e) {
      throw new ServiceUnavailableException("overloaded: " + options.workers() + " requests are being scored and "
          + options.queueCapacity() + " are waiting");
    }
    long left = options.requestTimeout().toNanos() - (System.nanoTime() - arrivedNanos);
    try {
      return f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | CancellationException e) {
      f.cancel(false);
      throw new ServiceUnavailableException("timed out: not scored within " + options.requestTimeout().toMillis()
          + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    }
  }

  private ScoreResponse compute(ScoreQuery query, long arrivedNanos) {
    if (System.nanoTime() - arrivedNanos > options.requestTimeout().toNanos()) {
      throw new ServiceUnavailableException("timed out in the queue");
    }
    metrics.phase("queue", System.nanoTime() - arrivedNanos);
    inFlight.incrementAndGet();
    ServingModel m = lease();
    try {
      for (int i = 0; i < query.candidates().size(); i++) {
        String id = query.candidates().get(i).itemId();
        if (id != null && !m.knows(id)) {
          throw new BadRequestException(404, "$.candidates[" + i + "].itemId", "unknown item id '" + id
              + "': not in the catalogue of model " + m.version() + " (give a title for an item outside it)");
        }
      }
      UserHistory kept = query.userId() != null ? warmed().histories().history(query.userId())
          : UserHistory.empty("");
      UserHistory history = HistoryBook.with(kept, query.behaviors());
      String cacheUser = query.userId() == null ? "" : query.userId();
      boolean[] hit = new boolean[1];
      long[] phases = new long[3];
      float[] scores = m.score(history, cacheUser, query.time(), query.candidates(), hit, phases);
      metrics.userCache(hit[0]);
      metrics.phase("user", phases[0]);
      metrics.phase("items", phases[1]);
      metrics.phase("head", phases[2]);
      return new ScoreResponse(m.version(), scores, hit[0] ? "hit" : "miss");
    } finally {
      m.release();
      inFlight.decrementAndGet();
    }
  }

  private ServingModel lease() {
    while (true) {
      ServingModel m = current.get();
      if (m == null) {
        throw new ServiceUnavailableException("no model loaded");
      }
      if (m.acquire()) {
        return m;
      }
    }
  }

  /** Appends the behaviours of an events request durably, then to the kept history. */
  public EventsResponse append(byte[] body) {
    if (draining) {
      throw new ServiceUnavailableException("the service is shutting down");
    }
    Warm w = warmed();
    EventBatch batch = parser.events(body, model().types());
    w.events().append(batch.userId(), batch.behaviors());
    w.histories().add(batch.userId(), batch.behaviors());
    return new EventsResponse(batch.userId(), batch.behaviors().size(), w.histories().history(batch.userId()).size());
  }

  /**
   * Opens and warms {@code dir} (the current checkpoint directory when null), then swaps it in atomically.
   * Requests already scoring finish on the old model, which closes after the last of them; if the new checkpoint
   * fails to open, the old model keeps serving.
   */
  public ReloadResponse reload(Path dir) {
    warmed();
    synchronized (reloadLock) {
      Path target = dir != null ? dir : checkpoint;
      long start = System.nanoTime();
      ServingModel fresh;
      try {
        fresh = ServingModel.warm(source.open(target), options);
      } catch (RuntimeException e) {
        metrics.reload(false);
        throw e;
      }
      ServingModel old = current.getAndSet(fresh);
      checkpoint = target;
      metrics.reload(true);
      if (old != null) {
        old.retire();
      }
      LOG.info("reloaded {}: model {} replaces {}", target, fresh.version(), old == null ? "none" : old.version());
      return new ReloadResponse(target.toString(), old == null ? null : old.version(), fresh.version(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Stops taking work, finishes what is queued and in flight, flushes and closes the log and the model. */
  public void drain(long timeoutMillis) {
    draining = true;
    workers.shutdown();
    try {
      if (!workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("drain: {} requests still running after {} ms", workers.getActiveCount(), timeoutMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    drain(10_000);
    Warm w;
    synchronized (reloadLock) {
      // a warm-up still running sees this and closes what it opened itself
      closed = true;
      w = warm.isDone() && !warm.isCompletedExceptionally() ? warm.join() : null;
    }
    if (w != null) {
      w.events().close();
    }
    ServingModel m = current.getAndSet(null);
    if (m != null) {
      m.retire();
    }
  }

  /** The answer to an events request: how many behaviours were appended and the user's kept total. */
  public record EventsResponse(String userId, int appended, int behaviors) {}

  /** The answer to a reload. */
  public record ReloadResponse(String checkpoint, String previousVersion, String modelVersion, long millis) {}
}
