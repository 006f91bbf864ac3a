package dev.bahe.serving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and sizes of the scoring service.
 *
 * @param host the address to bind (127.0.0.1 for loopback only)
 * @param port the port, 0 for an ephemeral one
 * @param maxCandidates candidates per score request
 * @param maxBehaviors inline behaviours per request (score or events)
 * @param maxTextChars characters of one behaviour text or title
 * @param maxBodyBytes request body size; larger bodies get 413
 * @param workers scoring threads (forward passes run concurrently on at most this many)
 * @param queueCapacity score requests waiting for a worker; past it the service answers 503 at once
 * @param requestTimeout how long a score request may take from arrival, queueing included; past it 503
 * @param userCacheSize entries of the {@code Q_u} LRU (per user and history fingerprint)
 * @param titleCacheSize entries of the {@code Q_i} LRU of inline titles (catalogue items are all cached)
 * @param eventLog the append-only event log file
 */
public record ServingOptions(String host, int port, int maxCandidates, int maxBehaviors, int maxTextChars,
    long maxBodyBytes, int workers, int queueCapacity, Duration requestTimeout, int userCacheSize,
    int titleCacheSize, Path eventLog) {

  public ServingOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(eventLog, "eventLog");
    positive("maxCandidates", maxCandidates);
    positive("maxBehaviors", maxBehaviors);
    positive("maxTextChars", maxTextChars);
    positive("maxBodyBytes", maxBodyBytes);
    positive("workers", workers);
    positive("userCacheSize", userCacheSize);
    positive("titleCacheSize", titleCacheSize);
    if (queueCapacity < 0 || port < 0 || port > 65535) {
      throw new IllegalArgumentException("queueCapacity must be >= 0 and port in [0, 65535]");
    }
  }

  /** The defaults: loopback, 1,000 candidates, 2,000 behaviours, 2,000-character texts, 4 MiB bodies, ... */
  public static ServingOptions defaults(Path eventLog) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ServingOptions("127.0.0.1", 8080, 1_000, 2_000, 2_000, 4L << 20, cores, 4 * cores,
        Duration.ofMillis(1_000), 100_000, 10_000, eventLog);
  }

  public ServingOptions withPort(int newPort) {
    return new ServingOptions(host, newPort, maxCandidates, maxBehaviors, maxTextChars, maxBodyBytes, workers,
        queueCapacity, requestTimeout, userCacheSize, titleCacheSize, eventLog);
  }

  public ServingOptions withQueue(int newWorkers, int newQueueCapacity, Duration newTimeout) {
    return new ServingOptions(host, port, maxCandidates, maxBehaviors, maxTextChars, maxBodyBytes, newWorkers,
        newQueueCapacity, newTimeout, userCacheSize, titleCacheSize, eventLog);
  }

  public ServingOptions withLimits(int newMaxCandidates, int newMaxTextChars, long newMaxBodyBytes) {
    return new ServingOptions(host, port, newMaxCandidates, maxBehaviors, newMaxTextChars, newMaxBodyBytes, workers,
        queueCapacity, requestTimeout, userCacheSize, titleCacheSize, eventLog);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
