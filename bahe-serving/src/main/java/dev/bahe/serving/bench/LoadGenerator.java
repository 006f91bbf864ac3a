package dev.bahe.serving.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives an HTTP endpoint with JSON POSTs, bounded in requests and in seconds, and records latencies with
 * HdrHistogram: a closed loop of {@code c} clients, or an open loop at a fixed rate whose latencies count from each
 * request's intended send time (so a stalled server is not hidden by the generator waiting for it).
 */
public final class LoadGenerator {

  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

  private final URI target;
  private final HttpClient client;
  private final Duration requestTimeout;

  public LoadGenerator(URI target, Duration requestTimeout) {
    this.target = target;
    this.requestTimeout = requestTimeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Sends one request and returns its status (for warm-up and checks). */
  public int send(String body) {
    try {
      return client.send(request(body), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * A closed loop: {@code concurrency} clients, each sending {@code bodies.apply(i)} for the next request number
   * {@code i} as soon as its previous request was answered, until {@code maxRequests} were sent or
   * {@code maxSeconds} passed.
   */
  public LoadResult closed(String name, int concurrency, long maxRequests, double maxSeconds,
      LongFunction<String> bodies) throws InterruptedException {
    Recording rec = new Recording();
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (maxSeconds * 1e9);
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int c = 0; c < concurrency; c++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline) {
            long i = next.getAndIncrement();
            if (i >= maxRequests) {
              break;
            }
            HttpRequest request = request(bodies.apply(i));
            long sent = System.nanoTime();
            String status;
            try {
              status = Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
              status = "error";
            }
            rec.record(status, System.nanoTime() - sent);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, "load-" + c);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    return rec.result(name, "closed", concurrency, 0, (System.nanoTime() - start) / 1e9);
  }

  /**
   * An open loop at {@code rate} requests per second until {@code maxRequests} were sent or {@code maxSeconds}
   * passed; at most {@code maxOutstanding} requests are in flight (a request past it is counted as
   * {@code "client-dropped"}, never sent).
   */
  public LoadResult open(String name, double rate, long maxRequests, double maxSeconds, int maxOutstanding,
      LongFunction<String> bodies) throws InterruptedException {
    Recording rec = new Recording();
    Semaphore outstanding = new Semaphore(maxOutstanding);
    long start = System.nanoTime();
    long deadline = start + (long) (maxSeconds * 1e9);
    double interval = 1e9 / rate;
    long sent = 0;
    for (long i = 0; i < maxRequests; i++) {
      long intended = start + (long) (i * interval);
      if (intended >= deadline) {
        break;
      }
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (!outstanding.tryAcquire()) {
        rec.record("client-dropped", System.nanoTime() - intended);
        continue;
      }
      sent++;
      client.sendAsync(request(bodies.apply(i)), HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> {
            rec.record(e != null ? "error" : Integer.toString(r.statusCode()), System.nanoTime() - intended);
            outstanding.release();
          });
    }
    // wait for the answers still outstanding
    outstanding.acquire(maxOutstanding);
    outstanding.release(maxOutstanding);
    return rec.result(name, "open", 0, rate, (System.nanoTime() - start) / 1e9);
  }

  private HttpRequest request(String body) {
    return HttpRequest.newBuilder(target).timeout(requestTimeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** Latencies of all answers and of the accepted ones, and the answers by status. */
  private static final class Recording {
    private final Histogram all = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final Histogram accepted = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

    void record(String status, long nanos) {
      long micros = Math.min(MAX_LATENCY_MICROS, Math.max(1, nanos / 1_000));
      all.recordValue(micros);
      if (status.startsWith("2")) {
        accepted.recordValue(micros);
      }
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    LoadResult result(String name, String mode, int concurrency, double rate, double seconds) {
      Map<String, Long> counts = new TreeMap<>();
      statuses.forEach((k, v) -> counts.put(k, v.sum()));
      long answered = counts.entrySet().stream().filter(e -> !e.getKey().equals("client-dropped"))
          .mapToLong(Map.Entry::getValue).sum();
      return new LoadResult(name, mode, concurrency, rate, answered, seconds, answered / seconds, counts,
          latency(all), latency(accepted));
    }

    private static LoadResult.Latency latency(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new LoadResult.Latency(0, 0, 0, 0, 0, 0);
      }
      return new LoadResult.Latency(h.getTotalCount(), ms(h.getMean()), ms(h.getValueAtPercentile(50)),
          ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(double micros) {
      return Math.round(micros) / 1_000.0;
    }
  }
}
