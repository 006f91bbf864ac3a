package dev.bahe.examples.cli;

import dev.bahe.core.train.Checkpoints;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.examples.data.Datasets;
import dev.bahe.heads.HeadsModule;
import dev.bahe.serving.CheckpointModelSource;
import dev.bahe.serving.CheckpointWatcher;
import dev.bahe.serving.ScoringServer;
import dev.bahe.serving.ScoringService;
import dev.bahe.serving.ServingMetrics;
import dev.bahe.serving.ServingOptions;
import dev.bahe.stores.StoresModule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe serve}: the HTTP scoring service ({@code bahe-serving}) over a trained checkpoint, until SIGTERM or
 * SIGINT: then it stops taking requests, finishes those in flight, flushes the event log and store, and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve a trained checkpoint over HTTP/JSON: POST /v1/score, POST /v1/events, GET /health/live,"
        + " GET /health/ready, GET /metrics, GET /openapi.json, POST /admin/reload (or --watch-checkpoints DIR).",
        "The checkpoint's config.yaml is the configuration unless --config is given; SIGTERM drains and exits 0."})
final class ServeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  ServeOptions serve;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    try (CheckpointModelSource source = serve.source(common)) {
      // listening at once, ready (GET /health/ready) once the model, store and item cache are warm
      ScoringService service = ScoringService.warmingUp(source, serve.checkpoint, serve.options(common),
          ScoringServer.jsonMapper(), new ServingMetrics());
      try (ScoringServer server = ScoringServer.start(service, ScoringServer.jsonMapper())) {
        out.printf("listening on http://%s:%d; warming up %s%n", serve.host, server.port(), serve.checkpoint);
        out.flush();
        service.awaitWarm();
        try (CheckpointWatcher watcher = serve.watch == null ? null
            : new CheckpointWatcher(serve.watch, service, Duration.ofMillis(serve.watchIntervalMillis))) {
          out.printf("serving %s (model %s) on http://%s:%d%s%n", serve.checkpoint, service.modelVersion(),
              serve.host, server.port(), watcher == null ? "" : "; watching " + serve.watch + " for new checkpoints");
          out.flush();
          stop.await();
        }
        out.println("draining: no new requests; finishing those in flight, flushing the event log and store");
        out.flush();
      }
    }
    out.println("stopped");
    out.flush();
    return 0;
  }

  /** The options of the service, shared with {@code bahe bench serve}. */
  static final class ServeOptions {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
        description = "Checkpoint directory written by 'bahe train' (model.params, config.yaml, provenance.json).")
    Path checkpoint;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
        description = "Port (0: an ephemeral one; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
        description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    @Option(names = "--events", paramLabel = "FILE",
        description = "The append-only event log (default: <output>/serve-events.jsonl).")
    Path events;

    @Option(names = "--workers", paramLabel = "N", description = "Scoring threads (default: the cores).")
    Integer workers;

    @Option(names = "--queue", paramLabel = "N",
        description = "Score requests that may wait for a worker; past it 503 (default: 4 per worker).")
    Integer queue;

    @Option(names = "--timeout-ms", defaultValue = "1000", paramLabel = "MS",
        description = "Per-request timeout, queueing included; past it 503 (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--max-candidates", defaultValue = "1000", paramLabel = "N",
        description = "Candidates per score request (default: ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--max-body-bytes", defaultValue = "4194304", paramLabel = "N",
        description = "Request body limit; larger bodies get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--watch-checkpoints", paramLabel = "DIR",
        description = "Load a new complete checkpoint directory appearing in DIR (provenance.json present, model.params"
            + " matching its checksum) and swap it in; half-written ones are never loaded.")
    Path watch;

    @Option(names = "--watch-interval-ms", defaultValue = "1000", paramLabel = "MS",
        description = "How often --watch-checkpoints looks (default: ${DEFAULT-VALUE}).")
    long watchIntervalMillis;

    @Option(names = "--flush-interval-ms", defaultValue = "1000", paramLabel = "MS",
        description = "Longest time a vector encoded online is scored from memory before the background flush"
            + " makes it durable; a SIGKILL loses at most these (default: ${DEFAULT-VALUE}).")
    long flushIntervalMillis;

    @Option(names = "--flush-batch", defaultValue = "1024", paramLabel = "N",
        description = "This many unflushed online-encoded vectors start a background flush at once (default:"
            + " ${DEFAULT-VALUE}).")
    int flushBatch;

    /** The checkpoint's configuration with the command's overrides, store path resolved as every command does. */
    CheckpointModelSource source(CommonOptions common) {
      return new CheckpointModelSource(dir -> {
        Path saved = dir.resolve(Checkpoints.CONFIG_FILE);
        return Configs.withDefaultStorePath(common, Files.isRegularFile(saved) ? saved : null, List.of());
      }, Datasets::load, List.of(new EncodersModule(), new StoresModule(), new HeadsModule()),
          Duration.ofMillis(flushIntervalMillis), flushBatch);
    }

    ServingOptions options(CommonOptions common) {
      Path log = events != null ? events : Path.of(Configs.withDefaultStorePath(common,
          Files.isRegularFile(checkpoint.resolve(Checkpoints.CONFIG_FILE))
              ? checkpoint.resolve(Checkpoints.CONFIG_FILE) : null, List.of()).outputOrDefault(),
          "serve-events.jsonl");
      ServingOptions d = ServingOptions.defaults(log);
      return new ServingOptions(host, port, maxCandidates, d.maxBehaviors(), d.maxTextChars(), maxBodyBytes,
          workers != null ? workers : d.workers(), queue != null ? queue : 4 * (workers != null ? workers
              : d.workers()), Duration.ofMillis(timeoutMillis), d.userCacheSize(), d.titleCacheSize(), log);
    }
  }
}
