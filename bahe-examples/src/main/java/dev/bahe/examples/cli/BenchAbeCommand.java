package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.abe.BehaviorCorpus;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.data.Datasets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe bench abe}: Atomic Behaviour Encoding throughput of each frozen lower-layer encoder (ONNX Runtime,
 * DJL) on the first {@code --texts} unique behaviour texts of the configured dataset, into an in-memory store, so
 * that only encoding is measured. Prints one JSON object per encoder.
 */
@Command(name = "abe", mixinStandardHelpOptions = true,
    description = {"ABE throughput (behaviours/s) of the lower-layer encoders on real behaviour texts.",
        "Prints one JSON line per encoder on standard output."})
final class BenchAbeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  DataSelection data;

  @Spec
  CommandSpec spec;

  @Option(names = "--encoders", split = ",", defaultValue = "onnx,djl", paramLabel = "NAME",
      description = "Encoders to measure, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> encoders;

  @Option(names = "--texts", defaultValue = "2000", paramLabel = "N",
      description = "Unique behaviour texts to encode (default: ${DEFAULT-VALUE}).")
  int texts;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
      description = "Texts per encoder call (default: ${DEFAULT-VALUE}; also capped by encoder.maxTokensPerBatch).")
  int batchSize;

  /**
   * One encoder's throughput.
   *
   * @param encoder encoder name
   * @param backbone backbone name
   * @param splitLayer layers run per text
   * @param maxTokens truncation length K
   * @param texts texts encoded
   * @param batches encoder calls
   * @param seconds wall time of encoding (model loading excluded)
   * @param behaviorsPerSecond texts per second
   */
  record Throughput(String encoder, String backbone, int splitLayer, int maxTokens, int texts, int batches,
      double seconds, double behaviorsPerSecond) {}

  @Override
  public Integer call() {
    ExperimentConfig base = common.load(data.overrides());
    Dataset dataset = Datasets.load(base.data());
    BehaviorCorpus corpus = BehaviorCorpus.ofTexts(firstTexts(dataset, texts));
    PrintWriter out = spec.commandLine().getOut();
    List<Throughput> results = new ArrayList<>();
    for (String name : encoders) {
      List<String> o = new ArrayList<>(data.overrides());
      o.add("encoder.name=" + name);
      o.add("store.name=memory");
      ExperimentConfig config = common.load(o);
      try (ExperimentSession session = new ExperimentSession(config)) {
        AbeReport r = AbeRunner.run(session, corpus, batchSize, Integer.MAX_VALUE, 0);
        Throughput t = new Throughput(name, config.backbone().name(), config.encoder().splitLayer(),
            config.encoder().maxTokens(), r.encodedNow(), r.batches(), r.seconds(), r.behaviorsPerSecond());
        results.add(t);
        out.println(JsonResults.toCompactJson(t));
        out.flush();
      }
    }
    if (results.size() > 1) {
      out.printf(Locale.ROOT, "fastest: %s%n", results.stream()
          .max(java.util.Comparator.comparingDouble(Throughput::behaviorsPerSecond)).orElseThrow().encoder());
    }
    JsonResults.write(common.jsonFile(), "bench abe", base, results);
    return 0;
  }

  /** The first {@code n} distinct behaviour texts, over users in id order and types in dataset order. */
  static List<String> firstTexts(Dataset dataset, int n) {
    Set<String> unique = new LinkedHashSet<>();
    for (UserHistory h : new TreeMap<>(dataset.histories()).values()) {
      for (BehaviorType t : dataset.types()) {
        for (Behavior b : h.all(t)) {
          if (unique.size() >= n) {
            return List.copyOf(unique);
          }
          unique.add(b.text());
        }
      }
    }
    return List.copyOf(unique);
  }
}
