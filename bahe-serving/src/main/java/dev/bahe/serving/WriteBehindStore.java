package dev.bahe.serving;

import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.KeyCollisionException;
import dev.bahe.api.store.StoreMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour store as the service uses it: vectors encoded online are visible to scoring the moment they are
 * put (kept in memory), and a background flusher writes them to the underlying store and flushes it at most
 * {@code interval} later, or as soon as {@code batch} of them are waiting. A score request therefore never waits
 * for a store flush; a SIGKILL loses at most the vectors put since the last completed flush, and the underlying
 * store (whose own flush is atomic) reopens at that flush.
 *
 * <p>This differs from the {@link BehaviorStore} contract on purpose in two points: writes are visible before
 * {@link #flush()}, and {@link #flush()} only asks the flusher to run (it does not wait); {@link #flushNow()} is the
 * synchronous flush (drain, shutdown). The only writer is the model's store back-fill, which writes one batch at a
 * time; the flusher is the only writer of the underlying store. A {@code float16} store rounds vectors when it
 * writes them, so an in-memory copy could differ from what a restart reads: such a store is written through (put and
 * flushed synchronously, as without this class).
 */
public final class WriteBehindStore implements BehaviorStore {

  private static final Logger LOG = LoggerFactory.getLogger(WriteBehindStore.class);

  /** What the flusher has done, for metrics. */
  public record FlushStats(long flushes, long flushedVectors, long failures, long pendingVectors,
      double lastFlushSeconds) {

    /** No write-behind store (a model without a behaviour store). */
    public static final FlushStats NONE = new FlushStats(0, 0, 0, 0, 0);
  }

  private record Pending(String text, float[] vector) {}

  private final BehaviorStore delegate;
  private final boolean writeThrough;
  private final int batch;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  /** Held by the flusher while the underlying store flushes and the flushed keys leave {@link #pending}. */
  private final Object handOver = new Object();
  private final Object flushing = new Object();
  private final ScheduledExecutorService flusher;
  private final AtomicLong flushes = new AtomicLong();
  private final AtomicLong flushedVectors = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long lastFlushNanos;
  private volatile boolean closed;

  /**
   * @param delegate the store written to (owned: closed by {@link #close()})
   * @param interval the longest time a put vector stays unflushed while the flusher is healthy
   * @param batch this many waiting vectors start a flush at once
   */
  public WriteBehindStore(BehaviorStore delegate, Duration interval, int batch) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (interval.isNegative() || interval.isZero() || batch <= 0) {
      throw new IllegalArgumentException("the flush interval and batch must be positive, were " + interval + " and "
          + batch);
    }
    this.batch = batch;
    this.writeThrough = "float16".equals(delegate.metadata().dtype());
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bahe-store-flush");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public StoreMetadata metadata() {
    return delegate.metadata();
  }

  /** Vectors visible to readers: flushed ones and those waiting for the flusher. */
  @Override
  public long size() {
    synchronized (handOver) {
      return delegate.size() + pending.size();
    }
  }

  @Override
  public boolean contains(long key) {
    return pending.containsKey(key) || delegate.contains(key);
  }

  @Override
  public void put(long key, String text, float[] vector) {
    putAll(new long[] {key}, new String[] {text}, vector);
  }

  @Override
  public void putAll(long[] keys, String[] texts, float[] vectors) {
    int d = dimension();
    if (keys.length != texts.length || vectors.length != keys.length * d) {
      throw new IllegalArgumentException(keys.length + " keys, " + texts.length + " texts and " + vectors.length
          + " values do not make rows of " + d);
    }
    ensureOpen();
    if (writeThrough) {
      synchronized (flushing) {
        delegate.putAll(keys, texts, vectors);
        delegate.flush();
        flushedVectors.addAndGet(keys.length);
        flushes.incrementAndGet();
      }
      return;
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == 0L) {
        throw new IllegalArgumentException("key 0 is reserved for padding and cannot be stored");
      }
      Pending before = pending.putIfAbsent(keys[i], new Pending(texts[i],
          Arrays.copyOfRange(vectors, i * d, (i + 1) * d)));
      if (before != null && !before.text().equals(texts[i])) {
        throw new KeyCollisionException(keys[i], before.text(), texts[i]);
      }
    }
    if (pending.size() >= batch) {
      flusher.execute(this::flushQuietly);
    }
  }

  /**
   * Returns at once: the writes are already visible to readers, and the flusher makes them durable within the
   * interval (or sooner, once a batch is waiting).
   */
  @Override
  public void flush() {
    ensureOpen();
  }

  /** Writes every waiting vector to the underlying store and flushes it before returning. */
  public void flushNow() {
    ensureOpen();
    flushPending();
  }

  private void flushQuietly() {
    if (closed) {
      return;
    }
    try {
      flushPending();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      LOG.error("background flush of {} online-encoded vectors failed; they stay in memory and are retried: {}",
          pending.size(), e.toString());
    }
  }

  private void flushPending() {
    synchronized (flushing) {
      if (pending.isEmpty()) {
        return;
      }
      long start = System.nanoTime();
      List<Long> keys = new ArrayList<>(pending.keySet());
      int d = dimension();
      long[] k = new long[keys.size()];
      String[] texts = new String[k.length];
      float[] vectors = new float[k.length * d];
      int n = 0;
      for (Long key : keys) {
        Pending p = pending.get(key);
        k[n] = key;
        texts[n] = p.text();
        System.arraycopy(p.vector(), 0, vectors, n * d, d);
        n++;
      }
      delegate.putAll(k, texts, vectors);
      synchronized (handOver) {
        delegate.flush();
        for (long key : k) {
          pending.remove(key);
        }
      }
      flushes.incrementAndGet();
      flushedVectors.addAndGet(k.length);
      lastFlushNanos = System.nanoTime() - start;
      LOG.debug("flushed {} online-encoded vectors in {} ms", k.length, lastFlushNanos / 1_000_000);
    }
  }

  @Override
  public GatherResult gather(long[] keys, float[] out, int offset) {
    GatherResult stored = delegate.gather(keys, out, offset);
    if (stored.complete()) {
      return stored;
    }
    int d = dimension();
    int[] still = new int[stored.missing().length];
    int left = 0;
    int found = stored.found();
    for (int i : stored.missing()) {
      Optional<float[]> v = keys[i] == 0L ? Optional.empty() : get(keys[i]);
      if (v.isPresent()) {
        System.arraycopy(v.get(), 0, out, offset + i * d, d);
        found++;
      } else {
        still[left++] = i;
      }
    }
    return new GatherResult(found, Arrays.copyOf(still, left));
  }

  @Override
  public Optional<float[]> get(long key) {
    // pending first: a key leaves it only after the underlying store has flushed it
    Pending p = pending.get(key);
    if (p != null) {
      return Optional.of(p.vector().clone());
    }
    return delegate.get(key);
  }

  @Override
  public Optional<String> text(long key) {
    Pending p = pending.get(key);
    return p != null ? Optional.of(p.text()) : delegate.text(key);
  }

  /** Calls {@code action} with every flushed key (the waiting ones are not yet in the store). */
  @Override
  public void forEachKey(LongConsumer action) {
    delegate.forEachKey(action);
  }

  /** The flusher's counts so far. */
  public FlushStats stats() {
    return new FlushStats(flushes.get(), flushedVectors.get(), failures.get(), pending.size(),
        lastFlushNanos / 1e9);
  }

  /** Stops the flusher and closes the underlying store; like every store, flushes nothing (see {@link #flushNow}). */
  @Override
  public void close() {
    closed = true;
    flusher.shutdown();
    try {
      flusher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (flushing) {
      if (!pending.isEmpty()) {
        LOG.warn("{} online-encoded vectors were not flushed and are dropped", pending.size());
      }
      delegate.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }
}
