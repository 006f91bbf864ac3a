package dev.bahe.examples.cli;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.examples.data.Datasets;
import dev.bahe.serving.CheckpointModelSource;
import dev.bahe.serving.ScoringServer;
import dev.bahe.serving.ScoringService;
import dev.bahe.serving.ServingMetrics;
import dev.bahe.serving.ServingOptions;
import dev.bahe.serving.bench.LoadGenerator;
import dev.bahe.serving.bench.LoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe bench serve}: starts the scoring service on an ephemeral loopback port and drives it over HTTP,
 * every run bounded in requests and seconds. Requests carry a {@code --history}-behaviour user history whose texts
 * the store already holds (drawn from the dataset's behaviours), a fresh user per request unless cached:
 * uncached user with 1 candidate, the same user again (cached {@code Q_u}), 100 candidates, the added latency when 1,
 * 10 or all of the history's texts are new (online ABE), closed loops at concurrency 1, 4, 16, 64, and an open loop
 * at twice the best closed-loop throughput. Prints p50/p95/p99/max, throughput and answers by status as JSON.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Load test of 'bahe serve' over loopback: closed loops at concurrency 1, 4, 16, 64, an open loop"
        + " at 2x capacity, cached/uncached users, 100 candidates, online ABE of new texts.",
        "Prints the results as JSON on standard output (and to --json FILE)."})
final class BenchServeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  ServeCommand.ServeOptions serve;

  @Spec
  CommandSpec spec;

  @Option(names = "--requests", defaultValue = "1000", paramLabel = "N",
      description = "Requests per run at most (default: ${DEFAULT-VALUE}; online-ABE runs send a fifth).")
  long requests;

  @Option(names = "--seconds", defaultValue = "20", paramLabel = "S",
      description = "Seconds per run at most (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--history", defaultValue = "150", paramLabel = "N",
      description = "Behaviours per user history (default: ${DEFAULT-VALUE}).")
  int history;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Request generator seed.")
  long seed;

  /**
   * The load test.
   *
   * @param modelVersion the served model
   * @param cores available processors
   * @param loadBefore {@code /proc/loadavg} before the runs
   * @param loadAfter {@code /proc/loadavg} after the runs
   * @param runs every run, in order, with its profile
   * @param onlineAbe added p50/p99 latency (ms) over the uncached 1-candidate run, by number of new texts
   * @param capacity the best closed-loop throughput (requests/s), the base of the open loop
   */
  record Result(String modelVersion, int cores, String loadBefore, String loadAfter, List<Run> runs,
      Map<String, double[]> onlineAbe, double capacity) {}

  /**
   * One run and where the service spent its time on it.
   *
   * @param load the load test
   * @param phaseMeanMs mean milliseconds per scored request by phase ({@code bahe_score_phase_seconds}: queue,
   *     user, items, head), from the service's metrics before and after the run
   * @param loadAverage {@code /proc/loadavg} after the run
   */
  record Run(LoadResult load, Map<String, Double> phaseMeanMs, String loadAverage) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path saved = serve.checkpoint.resolve(Checkpoints.CONFIG_FILE);
    ExperimentConfig config = Configs.withDefaultStorePath(common, Files.isRegularFile(saved) ? saved : null,
        List.of());
    Dataset dataset = Datasets.load(config.data());
    Requests gen = new Requests(dataset, history, seed);
    Path events = Files.createTempFile("bahe-bench-serve", ".jsonl");
    ServingOptions options = serve.options(common).withPort(0);
    options = new ServingOptions(options.host(), 0, options.maxCandidates(), options.maxBehaviors(),
        options.maxTextChars(), options.maxBodyBytes(), options.workers(), options.queueCapacity(),
        options.requestTimeout(), options.userCacheSize(), options.titleCacheSize(), events);
    String loadBefore = loadAverage();
    List<Run> runs = new ArrayList<>();
    Map<String, double[]> abe = new LinkedHashMap<>();
    double capacity;
    String version;
    try (CheckpointModelSource source = serve.source(common);
        ScoringServer server = ScoringServer.start(new ScoringService(source, serve.checkpoint, options,
            ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
      version = server.service().modelVersion();
      LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + server.port() + "/v1/score"),
          Duration.ofSeconds(30));
      URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      // warm-up: JIT, connections, the engine's first calls
      load.closed("warm-up", 2, Math.min(200, requests), seconds, i -> gen.body("warm-" + i, i, 1, 0));
      LoadResult uncached = run(out, runs, metrics, () -> load.closed("uncached user, 1 candidate", 1, requests,
          seconds, i -> gen.body("u1c-" + i, i, 1, 0)));
      String cachedBody = gen.body("cached", 0, 1, 0);
      load.send(cachedBody);
      run(out, runs, metrics, () -> load.closed("cached user, 1 candidate", 1, requests, seconds, i -> cachedBody));
      run(out, runs, metrics, () -> load.closed("uncached user, 100 candidates", 1, requests, seconds,
          i -> gen.body("u100c-" + i, i, 100, 0)));
      for (int fresh : new int[] {1, 10, history}) {
        String name = "uncached user, 1 candidate, " + fresh + " new texts (online ABE)";
        LoadResult r = run(out, runs, metrics, () -> load.closed(name, 1, Math.max(20, requests / 5), seconds,
            i -> gen.body("abe" + fresh + "-" + i, i, 1, fresh)));
        abe.put(Integer.toString(fresh), new double[] {r.all().p50() - uncached.all().p50(),
            r.all().p99() - uncached.all().p99()});
      }
      capacity = 0;
      for (int c : new int[] {1, 4, 16, 64}) {
        LoadResult r = run(out, runs, metrics, () -> load.closed("closed loop, uncached users, 1 candidate", c,
            requests, seconds, i -> gen.body("c" + c + "-" + i, i, 1, 0)));
        capacity = Math.max(capacity, r.statuses().getOrDefault("200", 0L) / r.seconds());
      }
      double rate = 2 * capacity;
      run(out, runs, metrics, () -> load.open("open loop at 2x capacity, uncached users, 1 candidate", rate,
          Math.max(requests, (long) (rate * Math.min(seconds, 10))), Math.min(seconds, 10), 4_096,
          i -> gen.body("open-" + i, i, 1, 0)));
    } finally {
      Files.deleteIfExists(events);
    }
    Result result = new Result(version, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
        runs, abe, capacity);
    out.println(JsonResults.toJson(result));
    out.flush();
    JsonResults.write(common.jsonFile(), "bench serve", config, result);
    return 0;
  }

  /** Runs {@code test} and records it with the service's phase profile over it. */
  private static LoadResult run(PrintWriter out, List<Run> runs, URI metrics, LoadTest test) throws Exception {
    Map<String, double[]> before = phases(metrics);
    LoadResult r = test.run();
    Map<String, double[]> after = phases(metrics);
    Map<String, Double> means = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : after.entrySet()) {
      double[] b = before.getOrDefault(e.getKey(), new double[2]);
      double count = e.getValue()[1] - b[1];
      if (count > 0) {
        means.put(e.getKey(), Math.round((e.getValue()[0] - b[0]) / count * 1e6) / 1e3);
      }
    }
    runs.add(new Run(r, means, loadAverage()));
    out.printf(Locale.ROOT, "%-62s c=%-3d %6d req %7.1f req/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms"
            + "  (2xx p99 %7.2f ms)  %s%n", r.name(), r.concurrency(), r.requests(), r.throughput(), r.all().p50(),
        r.all().p95(), r.all().p99(), r.all().max(), r.accepted().p99(), r.statuses());
    out.printf(Locale.ROOT, "    mean ms per request by phase: %s%n", means);
    out.flush();
    return r;
  }

  /** A load test to run. */
  @FunctionalInterface
  private interface LoadTest {
    LoadResult run() throws Exception;
  }

  private static final java.util.regex.Pattern PHASE = java.util.regex.Pattern.compile(
      "(?m)^bahe_score_phase_seconds_(sum|count)\\{phase=\"(\\w+)\"\\} (\\S+)$");

  /** {@code phase -> [sum seconds, count]} from the service's metrics. */
  private static Map<String, double[]> phases(URI metrics) throws Exception {
    String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(metrics).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    Map<String, double[]> out = new LinkedHashMap<>();
    java.util.regex.Matcher m = PHASE.matcher(text);
    while (m.find()) {
      out.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] =
          Double.parseDouble(m.group(3));
    }
    return out;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Request bodies: a fresh history of stored behaviour texts per request number, and catalogue candidates. */
  static final class Requests {
    private final List<Behavior> stored = new ArrayList<>();
    private final List<String> items;
    private final int history;
    private final long seed;

    Requests(Dataset dataset, int history, long seed) {
      LinkedHashSet<String> seen = new LinkedHashSet<>();
      for (UserHistory h : dataset.histories().values()) {
        for (BehaviorType t : dataset.types()) {
          for (Behavior b : h.all(t)) {
            if (seen.add(t.name() + "\u0000" + b.text())) {
              stored.add(b);
            }
          }
        }
      }
      if (stored.isEmpty()) {
        throw new IllegalArgumentException("the dataset has no behaviours to build request histories from");
      }
      this.items = new ArrayList<>(dataset.items().keySet());
      this.history = history;
      this.seed = seed;
    }

    /** The body of request {@code i}: {@code candidates} items, {@code fresh} of the history's texts new. */
    String body(String user, long i, int candidates, int fresh) {
      Random random = new Random(seed * 1_000_003L + i);
      List<Map<String, Object>> behaviors = new ArrayList<>(history);
      for (int j = 0; j < history; j++) {
        Behavior b = stored.get(random.nextInt(stored.size()));
        String text = j >= history - fresh ? "new " + user + " " + j + ": " + b.text() : b.text();
        behaviors.add(Map.of("type", b.type().name(), "text", text, "timestamp", (long) j + 1));
      }
      List<Map<String, String>> cands = new ArrayList<>(candidates);
      for (int c = 0; c < candidates; c++) {
        cands.add(Map.of("itemId", items.get(random.nextInt(items.size()))));
      }
      return JsonResults.toCompactJson(Map.of("userId", user, "behaviors", behaviors, "candidates", cands,
          "time", (long) history + 10));
    }
  }
}
