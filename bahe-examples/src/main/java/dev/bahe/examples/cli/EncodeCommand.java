package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadReport;
import dev.bahe.examples.data.LoadedDataset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe encode}: Atomic Behaviour Encoding into a behaviour store. Every unique behaviour text and item text
 * of the dataset goes once through the frozen lower layers ({@code encoder.*}: ONNX Runtime or DJL, split at
 * {@code backbone.splitLayer}, pooled with {@code encoder.pooling}) into the store ({@code store.*}). Resumable:
 * texts already in the store are skipped.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
    description = {"ABE: encode every unique behaviour and item text once with the frozen lower layers into the"
        + " behaviour store. Re-running resumes; stored texts are skipped."})
final class EncodeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  DataSelection data;

  @Spec
  CommandSpec spec;

  @Option(names = "--store", paramLabel = "NAME", description = "Store: memory, file or lucene (store.name).")
  String store;

  @Option(names = "--store-path", paramLabel = "DIR",
      description = "Store directory (store.path; default:"
          + " <output>/store-<store>-k<split>-<pooling>-K<maxTokens>-<dtype>).")
  String storePath;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
      description = "Texts per encoder call (default: ${DEFAULT-VALUE}; also capped by encoder.maxTokensPerBatch).")
  int batchSize;

  @Option(names = "--flush-every", defaultValue = "8", paramLabel = "BATCHES",
      description = "Flush the store (a resume point) every this many batches (default: ${DEFAULT-VALUE}).")
  int flushEvery;

  @Option(names = "--stop-after-batches", defaultValue = "0", paramLabel = "N",
      description = "Stop after this many batches, flushed (0: encode everything). For trying resumption.")
  int stopAfter;

  /**
   * What ABE did.
   *
   * @param data the dataset load report
   * @param store store name
   * @param storePath store directory
   * @param storeSize vectors in the store afterwards
   * @param dimension vector dimension
   * @param abe the pipeline's report
   */
  record Result(LoadReport data, String store, String storePath, long storeSize, int dimension, AbeReport abe) {}

  @Override
  public Integer call() {
    List<String> o = new ArrayList<>(data.overrides());
    if (store != null) {
      o.add("store.name=" + store);
    }
    if (storePath != null) {
      o.add("store.path=" + DataSelection.quote(storePath));
    }
    ExperimentConfig config = Configs.withDefaultStorePath(common, o);
    LoadedDataset loaded = Datasets.loadWithReport(config.data());
    PrintWriter out = spec.commandLine().getOut();
    out.println(loaded.report().summary());
    out.flush();
    try (ExperimentSession session = new ExperimentSession(config)) {
      AbeReport abe = AbeRunner.run(session, loaded.dataset(), batchSize, flushEvery, stopAfter);
      BehaviorStore s = session.get(BehaviorStore.class);
      Result r = new Result(loaded.report(), config.store().name(), config.store().path(), s.size(), s.dimension(),
          abe);
      out.printf(Locale.ROOT, "ABE %s: |H| = %d (%.1f occurrences per text), encoded %d now, %d already stored,"
              + " %.1f s, %.0f behaviours/s; store '%s' %s holds %d vectors of d=%d%n",
          abe.complete() ? "complete" : "stopped early", abe.uniqueBehaviors(), abe.dedupeRatio(), abe.encodedNow(),
          abe.skippedAlreadyStored(), abe.seconds(), abe.behaviorsPerSecond(), r.store(),
          r.store().equals("memory") ? "(in memory, gone when the command ends)" : "at " + r.storePath(),
          r.storeSize(), r.dimension());
      out.flush();
      JsonResults.write(common.jsonFile(), "encode", config, r);
    }
    return 0;
  }
}
