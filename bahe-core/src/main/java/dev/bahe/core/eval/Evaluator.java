package dev.bahe.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Impression;
import dev.bahe.api.metrics.AucAccumulator;
import dev.bahe.api.metrics.Gauc;
import dev.bahe.api.metrics.LogLoss;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.config.TrainingOptions;
import dev.bahe.core.data.MiniBatches;
import dev.bahe.core.model.CtrModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a {@link CtrModel} on impressions in inference mode ({@code training = false}: no dropout), in
 * batches, and computes AUC, LogLoss and GAUC with {@link dev.bahe.api.metrics}.
 *
 * <p>Native memory: every batch's features and outputs live in a sub-manager closed after the batch. Not
 * thread-safe with a model that is training at the same time.
 *
 * <p>Predictions file (on request): UTF-8, tab-separated, one header line {@code
 * user_id\titem_id\ttimestamp\tlabel\tprobability}, then one line per impression in input order; the
 * probability is written with {@link Double#toString} so it reads back exactly.
 */
public final class Evaluator {

  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  /** Header of the predictions file. */
  public static final String PREDICTIONS_HEADER = "user_id\titem_id\ttimestamp\tlabel\tprobability";

  /** Impressions scored together by a model that scores factored: its passes are shared within a window. */
  public static final int FACTORED_WINDOW = 8192;

  /** How often a long evaluation logs how far it is. */
  private static final long PROGRESS_INTERVAL_NANOS = 30_000_000_000L;

  private final int batchSize;

  /** @param batchSize impressions per forward pass */
  public Evaluator(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * An evaluator with batches of the training micro-batch. DJL keeps every intermediate array of a forward pass
   * until its batch is released, so an inference batch needs about the activation memory of a training
   * micro-batch: a larger one would make evaluation, not training, set the peak memory of a long-text run.
   */
  public static Evaluator forTraining(TrainingOptions options) {
    return new Evaluator(options.effectiveMicroBatchSize());
  }

  /** Evaluates without writing predictions. */
  public Evaluation evaluate(String name, CtrModel model, List<Impression> impressions) {
    return evaluate(name, model, impressions, null);
  }

  /**
   * AUC, LogLoss and GAUC of the probabilities {@code p} of {@code impressions} (in the same order), the seconds
   * counted from {@code startNanos}: the metrics of every evaluation, whatever produced the probabilities.
   */
  public static Evaluation metrics(String name, List<Impression> impressions, double[] p, long startNanos) {
    int[] labels = new int[p.length];
    AucAccumulator auc = new AucAccumulator();
    Gauc gauc = new Gauc();
    long positives = 0;
    for (int i = 0; i < p.length; i++) {
      Impression imp = impressions.get(i);
      labels[i] = imp.label();
      positives += imp.label();
      auc.add(p[i], imp.label());
      gauc.add(imp.userId(), p[i], imp.label());
    }
    Gauc.Result g = gauc.result();
    return new Evaluation(name, p.length, positives, auc.auc(), LogLoss.of(p, labels), g.value(),
        g.usersEvaluated(), (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * Evaluates {@code model} on {@code impressions}; when {@code predictionsFile} is not null the predictions
   * are written there (parent directories created).
   */
  public Evaluation evaluate(String name, CtrModel model, List<Impression> impressions, Path predictionsFile) {
    long start = System.nanoTime();
    double[] p = predict(model, impressions);
    if (predictionsFile != null) {
      writePredictions(predictionsFile, impressions, p);
    }
    Evaluation e = metrics(name, impressions, p, start);
    LOG.info("{} on {}: n={} AUC={} LogLoss={} GAUC={} ({} s)", model.name(), name, p.length,
        fmt(e.auc()), fmt(e.logLoss()), fmt(e.gauc()), String.format("%.2f", e.seconds()));
    return e;
  }

  /**
   * Click probabilities {@code sigmoid(logit)} of {@code impressions}, in input order. A model that scores
   * factored ({@link CtrModel#factoredLogits}) gets windows of {@link #FACTORED_WINDOW} impressions, so that the
   * impressions of one user at one time and of one item in a window share their encoder passes; any other model
   * runs one forward pass per batch.
   */
  public double[] predict(CtrModel model, List<Impression> impressions) {
    Objects.requireNonNull(model, "model");
    double[] out = new double[impressions.size()];
    int offset = 0;
    long started = System.nanoTime();
    long logged = started;
    try (InferenceScope inference = model.inference(); NDManager manager = NDManager.newBaseManager()) {
      ParameterStore ps = new ParameterStore(manager, false);
      for (List<Impression> window : MiniBatches.sequential(impressions, FACTORED_WINDOW)) {
        Optional<float[]> factored;
        try (NDManager windowManager = manager.newSubManager()) {
          factored = model.factoredLogits(window, batchSize, windowManager);
        }
        if (factored.isPresent()) {
          float[] logits = factored.get();
          if (logits.length != window.size()) {
            throw new IllegalStateException("model " + model.name() + " returned " + logits.length
                + " factored logits for " + window.size() + " impressions");
          }
          for (float logit : logits) {
            out[offset++] = sigmoid(logit);
          }
        } else {
          for (List<Impression> batch : MiniBatches.sequential(window, batchSize)) {
            try (NDManager batchManager = manager.newSubManager()) {
              NDList input = model.features(batch, batchManager);
              NDList output = model.block().forward(ps, input, false);
              for (float logit : logitsOf(output.singletonOrThrow(), batch.size(), model.name())) {
                out[offset++] = sigmoid(logit);
              }
              output.close();
            }
            logged = logProgress(model, offset, out.length, started, logged);
          }
        }
        logged = logProgress(model, offset, out.length, started, logged);
      }
    }
    return out;
  }

  /** Logs how far an evaluation is when {@link #PROGRESS_INTERVAL_NANOS} passed since {@code logged}. */
  private static long logProgress(CtrModel model, int done, int total, long started, long logged) {
    long now = System.nanoTime();
    if (now - logged < PROGRESS_INTERVAL_NANOS || done == total) {
      return logged;
    }
    double rate = done / ((now - started) / 1e9);
    LOG.info("{}: scored {} of {} impressions, {}/s, about {} s left", model.name(), done, total,
        String.format("%.1f", rate), Math.round((total - done) / rate));
    return now;
  }

  /** Numerically stable logistic function in double precision. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  static float[] logitsOf(NDArray logits, int batch, String model) {
    long size = logits.getShape().size();
    if (size != batch) {
      throw new IllegalStateException("model " + model + " returned logits of shape " + logits.getShape()
          + " for a batch of " + batch + "; expected [" + batch + ", 1]");
    }
    return logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
  }

  private static void writePredictions(Path file, List<Impression> impressions, double[] p) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write(PREDICTIONS_HEADER);
        w.write('\n');
        for (int i = 0; i < p.length; i++) {
          Impression imp = impressions.get(i);
          checkField(imp.userId(), "user_id", file);
          checkField(imp.itemId(), "item_id", file);
          w.write(imp.userId());
          w.write('\t');
          w.write(imp.itemId());
          w.write('\t');
          w.write(Long.toString(imp.timestamp()));
          w.write('\t');
          w.write(Integer.toString(imp.label()));
          w.write('\t');
          w.write(Double.toString(p[i]));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write predictions to " + file, e);
    }
  }

  private static void checkField(String value, String field, Path file) {
    if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("cannot write predictions to " + file + ": " + field + " '" + value
          + "' contains a tab or line break");
    }
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }
}
