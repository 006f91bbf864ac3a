package dev.bahe.serving;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;

/**
 * The service's Prometheus metrics, written in the text exposition format at {@code /metrics}: requests and
 * latency by route and status, user-side and title cache hits and misses, online encodings by the frozen lower part,
 * the store size, queue depth and model reloads.
 */
public final class ServingMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram latency;
  private final Counter userCache;
  private final Counter reloads;
  private final Histogram phases;

  public ServingMetrics() {
    requests = Counter.builder().name("bahe_http_requests_total").help("HTTP requests by route and status")
        .labelNames("route", "status").register(registry);
    latency = Histogram.builder().name("bahe_http_request_duration_seconds")
        .help("HTTP request latency by route and status").labelNames("route", "status")
        .classicOnly()
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5)
        .register(registry);
    userCache = Counter.builder().name("bahe_user_cache_requests_total")
        .help("Q_u lookups of score requests by result (hit, miss)").labelNames("result").register(registry);
    phases = Histogram.builder().name("bahe_score_phase_seconds")
        .help("where a score request's time goes: queue (parsing and waiting for a worker), user (Q_u: selection,"
            + " store gather, online ABE, upper layers; near 0 on a cache hit), items (Q_i of inline titles), head")
        .labelNames("phase").classicOnly()
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
        .register(registry);
    reloads = Counter.builder().name("bahe_model_reloads_total").help("model reloads by result (ok, failed)")
        .labelNames("result").register(registry);
  }

  /** Registers a gauge read at each scrape. */
  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  /** Registers a monotone counter read at each scrape. */
  public void counter(String name, String help, DoubleSupplier value) {
    CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  void request(String route, int status, long nanos) {
    String s = Integer.toString(status);
    requests.labelValues(route, s).inc();
    latency.labelValues(route, s).observe(nanos / 1e9);
  }

  void phase(String phase, long nanos) {
    phases.labelValues(phase).observe(nanos / 1e9);
  }

  void userCache(boolean hit) {
    userCache.labelValues(hit ? "hit" : "miss").inc();
  }

  void reload(boolean ok) {
    reloads.labelValues(ok ? "ok" : "failed").inc();
  }

  /** The current values in the Prometheus text format. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public String contentType() {
    return writer.getContentType();
  }
}
