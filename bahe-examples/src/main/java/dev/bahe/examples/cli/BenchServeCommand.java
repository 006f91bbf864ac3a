package dev.bahe.examples.cli;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.UserHistory;
import com.google.inject.Guice;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.model.BehaviorSelector;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
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
 * 10 or all of the behaviours the model reads have new texts (online ABE; the texts encoded per request are
 * counted from the service's metrics), closed loops at concurrency 1, 4, 16, 64, and an open loop
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

  @Option(names = "--runs", split = ",", paramLabel = "GROUP",
      defaultValue = "uncached,cached,candidates,abe,closed,open",
      description = "Which runs, of uncached, cached, candidates, abe, closed, open (default: all; abe implies"
          + " uncached, its baseline; open implies closed, its capacity).")
  List<String> groups;

  @Option(names = "--url", paramLabel = "BASE",
      description = "Drive a service already running at BASE (e.g. http://127.0.0.1:8080, started by 'bahe serve'"
          + " in another process, possibly pinned to other cores) instead of starting one in this JVM.")
  URI url;

  /**
   * The load test.
   *
   * @param modelVersion the served model
   * @param cores available processors
   * @param loadBefore {@code /proc/loadavg} before the runs
   * @param loadAfter {@code /proc/loadavg} after the runs
   * @param runs every run, in order, with its profile
   * @param onlineAbe by number of read behaviours given new texts (1, 10, all-read): added p50 and p99 latency (ms)
   *     over the uncached 1-candidate run, the texts encoded online per answered request (from the service's
   *     metrics) and the new texts the bench placed per request (fewer than asked when the model reads fewer)
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
   * @param encodedPerRequest texts encoded online per answered request ({@code bahe_online_encodings} over the
   *     run)
   * @param loadAverage {@code /proc/loadavg} after the run
   */
  record Run(LoadResult load, Map<String, Double> phaseMeanMs, double encodedPerRequest, String loadAverage) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path saved = serve.checkpoint.resolve(Checkpoints.CONFIG_FILE);
    ExperimentConfig config = Configs.withDefaultStorePath(common, Files.isRegularFile(saved) ? saved : null,
        List.of());
    Dataset dataset = Datasets.load(config.data());
    // the backbone's tokenizer, for the service's behaviour selection (where new texts must go to be read)
    LayeredLanguageModel backbone = Guice.createInjector(new ExperimentModule(config), new EncodersModule(),
        new StoresModule(), new HeadsModule(), new CoreModule()).getInstance(LayeredLanguageModel.class);
    try (backbone) {
      return bench(out, config, new Requests(dataset, history, seed,
          new BehaviorSelector(dataset.types(), config.sequence(), backbone.tokenizer())));
    }
  }

  private Integer bench(PrintWriter out, ExperimentConfig config, Requests gen) throws Exception {
    for (String g : groups) {
      if (!List.of("uncached", "cached", "candidates", "abe", "closed", "open").contains(g)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs: unknown group '" + g
            + "' (uncached, cached, candidates, abe, closed, open)");
      }
    }
    String loadBefore = loadAverage();
    List<Run> runs = new ArrayList<>();
    Map<String, double[]> abe = new LinkedHashMap<>();
    double[] capacity = new double[1];
    String version;
    if (url != null) {
      version = readyVersion(url);
      runAll(out, url, gen, runs, abe, capacity);
    } else {
      Path events = Files.createTempFile("bahe-bench-serve", ".jsonl");
      ServingOptions o = serve.options(common);
      ServingOptions options = new ServingOptions(o.host(), 0, o.maxCandidates(), o.maxBehaviors(),
          o.maxTextChars(), o.maxBodyBytes(), o.workers(), o.queueCapacity(), o.requestTimeout(), o.userCacheSize(),
          o.titleCacheSize(), events);
      try (CheckpointModelSource source = serve.source(common);
          ScoringServer server = ScoringServer.start(new ScoringService(source, serve.checkpoint, options,
              ScoringServer.jsonMapper(), new ServingMetrics()), ScoringServer.jsonMapper())) {
        version = server.service().modelVersion();
        runAll(out, URI.create("http://127.0.0.1:" + server.port()), gen, runs, abe, capacity);
      } finally {
        Files.deleteIfExists(events);
      }
    }
    Result result = new Result(version, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
        runs, abe, capacity[0]);
    out.println(JsonResults.toJson(result));
    out.flush();
    JsonResults.write(common.jsonFile(), "bench serve", config, result);
    return 0;
  }

  /** The selected runs against the service at {@code base}. */
  private void runAll(PrintWriter out, URI base, Requests gen, List<Run> runs, Map<String, double[]> abe,
      double[] capacity) throws Exception {
    try (LoadGenerator load = new LoadGenerator(base.resolve("/v1/score"), Duration.ofSeconds(30))) {
      runAll(out, base, load, gen, runs, abe, capacity);
    }
  }

  private void runAll(PrintWriter out, URI base, LoadGenerator load, Requests gen, List<Run> runs,
      Map<String, double[]> abe, double[] capacity) throws Exception {
    URI metrics = base.resolve("/metrics");
    // warm-up: JIT, connections, the engine's first calls
    load.closed("warm-up", 2, Math.min(200, requests), seconds, i -> gen.body("warm-" + i, i, 1, 0));
    LoadResult uncached = null;
    if (groups.contains("uncached") || groups.contains("abe")) {
      uncached = run(out, runs, metrics, () -> load.closed("uncached user, 1 candidate", 1, requests, seconds,
          i -> gen.body("u1c-" + i, i, 1, 0)));
    }
    if (groups.contains("cached")) {
      String cachedBody = gen.body("cached", 0, 1, 0);
      load.send(cachedBody);
      run(out, runs, metrics, () -> load.closed("cached user, 1 candidate", 1, requests, seconds, i -> cachedBody));
    }
    if (groups.contains("candidates")) {
      run(out, runs, metrics, () -> load.closed("uncached user, 100 candidates", 1, requests, seconds,
          i -> gen.body("u100c-" + i, i, 100, 0)));
    }
    if (groups.contains("abe")) {
      for (int fresh : new int[] {1, 10, Integer.MAX_VALUE}) {
        String label = fresh == Integer.MAX_VALUE ? "all-read" : Integer.toString(fresh);
        String name = "uncached user, 1 candidate, " + label + " read texts new (online ABE)";
        LoadResult baseline = uncached;
        long placedBefore = gen.placed();
        Run r = runWithProfile(out, runs, metrics, () -> load.closed(name, 1, Math.max(20, requests / 5), seconds,
            i -> gen.body("abe" + label + "-" + i, i, 1, fresh)));
        double placed = Math.round((gen.placed() - placedBefore) * 100.0 / r.load().requests()) / 100.0;
        out.printf(Locale.ROOT, "    new texts placed among those read, per request: %.2f%n", placed);
        abe.put(label, new double[] {r.load().all().p50() - baseline.all().p50(),
            r.load().all().p99() - baseline.all().p99(), r.encodedPerRequest(), placed});
      }
    }
    if (groups.contains("closed") || groups.contains("open")) {
      for (int c : new int[] {1, 4, 16, 64}) {
        LoadResult r = run(out, runs, metrics, () -> load.closed("closed loop, uncached users, 1 candidate", c,
            requests, seconds, i -> gen.body("c" + c + "-" + i, i, 1, 0)));
        capacity[0] = Math.max(capacity[0], r.statuses().getOrDefault("200", 0L) / r.seconds());
      }
    }
    if (groups.contains("open")) {
      double rate = 2 * capacity[0];
      run(out, runs, metrics, () -> load.open("open loop at 2x capacity, uncached users, 1 candidate", rate,
          Math.max(requests, (long) (rate * Math.min(seconds, 10))), Math.min(seconds, 10), 4_096,
          i -> gen.body("open-" + i, i, 1, 0)));
    }
  }

  /** The model version a running service reports on {@code /health/ready} (it must be ready). */
  private static String readyVersion(URI base) throws Exception {
    var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        base.resolve("/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("the service at " + base + " is not ready: " + r.statusCode() + " " + r.body());
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("modelVersion").asText();
  }

  private static LoadResult run(PrintWriter out, List<Run> runs, URI metrics, LoadTest test) throws Exception {
    return runWithProfile(out, runs, metrics, test).load();
  }

  /** Runs {@code test} and records it with the service's phase profile over it. */
  private static Run runWithProfile(PrintWriter out, List<Run> runs, URI metrics, LoadTest test)
      throws Exception {
    String textBefore = scrape(metrics);
    Map<String, double[]> before = phases(textBefore);
    LoadResult r = test.run();
    String textAfter = scrape(metrics);
    Map<String, double[]> after = phases(textAfter);
    Map<String, Double> means = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : after.entrySet()) {
      double[] b = before.getOrDefault(e.getKey(), new double[2]);
      double count = e.getValue()[1] - b[1];
      if (count > 0) {
        means.put(e.getKey(), Math.round((e.getValue()[0] - b[0]) / count * 1e6) / 1e3);
      }
    }
    long ok = r.statuses().getOrDefault("200", 0L);
    double encoded = ok == 0 ? 0 : Math.round((counter(textAfter, ENCODINGS) - counter(textBefore, ENCODINGS))
        / ok * 100) / 100.0;
    Run run = new Run(r, means, encoded, loadAverage());
    runs.add(run);
    out.printf(Locale.ROOT, "%-62s c=%-3d %6d req %7.1f req/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms"
            + "  (2xx p99 %7.2f ms)  %s%n", r.name(), r.concurrency(), r.requests(), r.throughput(), r.all().p50(),
        r.all().p95(), r.all().p99(), r.all().max(), r.accepted().p99(), r.statuses());
    out.printf(Locale.ROOT, "    mean ms per request by phase: %s; texts encoded online per request: %.2f%n",
        means, encoded);
    out.flush();
    return run;
  }

  /** A load test to run. */
  @FunctionalInterface
  private interface LoadTest {
    LoadResult run() throws Exception;
  }

  private static final java.util.regex.Pattern PHASE = java.util.regex.Pattern.compile(
      "(?m)^bahe_score_phase_seconds_(sum|count)\\{phase=\"(\\w+)\"\\} (\\S+)$");

  private static final java.util.regex.Pattern ENCODINGS = java.util.regex.Pattern.compile(
      "(?m)^bahe_online_encodings_total (\\S+)$");

  private static String scrape(URI metrics) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(metrics).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double counter(String text, java.util.regex.Pattern counter) {
    java.util.regex.Matcher m = counter.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** {@code phase -> [sum seconds, count]} from the service's metrics text. */
  private static Map<String, double[]> phases(String text) {
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

  /**
   * Request bodies: a fresh history of stored behaviour texts per request number, and catalogue candidates. New
   * (unstored) texts go where the model reads them: the service's own behaviour selection ({@link BehaviorSelector},
   * the most recent behaviours of each type within the text budget) is run on the history, and the most recent
   * selected behaviours get a new text no longer in tokens than the one it replaces, so the selection (a suffix of
   * each type's history, walked while the budget lasts) still keeps them.
   */
  static final class Requests {
    private final List<Behavior> stored = new ArrayList<>();
    private final List<String> items;
    private final int history;
    private final long seed;
    private final BehaviorSelector selector;
    private final java.util.concurrent.atomic.AtomicLong fresh = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong placed = new java.util.concurrent.atomic.AtomicLong();
    /** A word of this bench run, so its new texts are new to a store an earlier run wrote to as well. */
    private final String nonce;

    Requests(Dataset dataset, int history, long seed, BehaviorSelector selector) {
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
      this.selector = selector;
      Random r = new Random(System.nanoTime());
      StringBuilder word = new StringBuilder();
      for (int c = 0; c < 4; c++) {
        word.append((char) ('a' + r.nextInt(26)));
      }
      this.nonce = word.toString();
    }

    /** New texts placed in request bodies so far (fewer than asked when the model reads fewer). */
    long placed() {
      return placed.get();
    }

    /**
     * The body of request {@code i}: {@code candidates} items, and {@code newTexts} of the behaviours the model
     * reads given new texts (all it reads when there are fewer; one whose text is too short for a new one keeps
     * it).
     */
    String body(String user, long i, int candidates, int newTexts) {
      Random random = new Random(seed * 1_000_003L + i);
      List<Behavior> behaviors = new ArrayList<>(history);
      for (int j = 0; j < history; j++) {
        Behavior b = stored.get(random.nextInt(stored.size()));
        behaviors.add(new Behavior(b.type(), (long) j + 1, b.text()));
      }
      long time = (long) history + 10;
      if (newTexts > 0) {
        List<Behavior> read = new ArrayList<>();
        selector.select(UserHistory.of(user, behaviors), time).behaviors().forEach(read::addAll);
        read.sort(java.util.Comparator.comparingLong(Behavior::timestamp).reversed());
        for (Behavior b : read.subList(0, Math.min(newTexts, read.size()))) {
          int j = (int) b.timestamp() - 1;
          String text = nonce + Long.toString(fresh.getAndIncrement(), 36);
          if (selector.behaviorText(text).tokens() <= selector.behaviorText(b.text()).tokens()) {
            behaviors.set(j, new Behavior(b.type(), b.timestamp(), text));
            placed.incrementAndGet();
          }
        }
      }
      List<Map<String, Object>> json = new ArrayList<>(history);
      for (Behavior b : behaviors) {
        json.add(Map.of("type", b.type().name(), "text", b.text(), "timestamp", b.timestamp()));
      }
      List<Map<String, String>> cands = new ArrayList<>(candidates);
      for (int c = 0; c < candidates; c++) {
        cands.add(Map.of("itemId", items.get(random.nextInt(items.size()))));
      }
      return JsonResults.toCompactJson(Map.of("userId", user, "behaviors", json, "candidates", cands,
          "time", time));
    }
  }
}
