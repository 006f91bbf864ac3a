package dev.bahe.serving.bench;

import java.util.Map;

/**
 * One load-test run.
 *
 * @param name what was driven
 * @param mode {@code closed} (each client sends its next request when the previous answered) or {@code open}
 *     (requests sent at a fixed rate regardless of answers; latency counted from the intended send time)
 * @param concurrency clients of a closed loop (0 for an open loop)
 * @param targetRate requests per second of an open loop (0 for a closed loop)
 * @param requests requests answered
 * @param seconds wall time of the run
 * @param throughput answered requests per second
 * @param statuses answers by HTTP status ({@code "error"} for a transport failure)
 * @param all latency of all answers, ms
 * @param accepted latency of the 2xx answers, ms
 */
public record LoadResult(String name, String mode, int concurrency, double targetRate, long requests,
    double seconds, double throughput, Map<String, Long> statuses, Latency all, Latency accepted) {

  /**
   * Latency percentiles in milliseconds (HdrHistogram, 3 significant digits).
   *
   * @param count answers recorded
   */
  public record Latency(long count, double mean, double p50, double p95, double p99, double max) {}

  /** Answers with a status other than 2xx and 503. */
  public long unexpected() {
    long n = 0;
    for (Map.Entry<String, Long> e : statuses.entrySet()) {
      if (!e.getKey().startsWith("2") && !e.getKey().equals("503")) {
        n += e.getValue();
      }
    }
    return n;
  }
}
