package dev.bahe.examples.cli;

import dev.bahe.examples.experiment.ExperimentSession;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.abe.AbePipeline;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.abe.BehaviorCorpus;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Atomic Behaviour Encoding for a command: scans the dataset into {@code H}, and encodes with the session's
 * frozen lower-layer encoder into the session's store whatever the store does not hold yet (a re-run resumes),
 * with a progress bar.
 */
final class AbeRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AbeRunner.class);

  private AbeRunner() {}

  /**
   * @param batchSize texts per encoder call
   * @param flushEveryBatches store flush (resume point) interval
   * @param stopAfterBatches stop early after this many batches (0: run to the end)
   */
  static AbeReport run(ExperimentSession session, Dataset dataset, int batchSize, int flushEveryBatches,
      int stopAfterBatches) {
    BehaviorCorpus corpus = BehaviorCorpus.scan(dataset);
    LOG.info("ABE: |H| = {} unique texts from {} occurrences (dedupe ratio {})", corpus.size(),
        corpus.occurrences(), String.format("%.1f", corpus.dedupeRatio()));
    return run(session, corpus, batchSize, flushEveryBatches, stopAfterBatches);
  }

  /** Encodes the texts of {@code corpus} the session's store lacks. */
  static AbeReport run(ExperimentSession session, BehaviorCorpus corpus, int batchSize, int flushEveryBatches,
      int stopAfterBatches) {
    BehaviorEncoder encoder = session.get(BehaviorEncoder.class);
    BehaviorStore store = session.get(BehaviorStore.class);
    LayeredLanguageModel backbone = session.get(LayeredLanguageModel.class);
    try (ProgressBar bar = Progress.bar("ABE", corpus.size(), "behaviours")) {
      AbePipeline pipeline = AbePipeline.builder()
          .setEncoder(encoder)
          .setStore(store)
          .optBatchSize(batchSize)
          .optMaxTokensPerBatch(session.config().encoder().maxTokensPerBatch())
          .optFlushEveryBatches(flushEveryBatches)
          .optStopAfterBatches(stopAfterBatches)
          .optTokenizer(backbone.tokenizer())
          .optProgressListener(p -> {
            bar.maxHint(p.toEncode());
            bar.stepTo(p.encoded());
          })
          .build();
      AbeReport report = pipeline.run(corpus);
      bar.maxHint(report.encodedNow());
      bar.stepTo(report.encodedNow());
      return report;
    }
  }
}
