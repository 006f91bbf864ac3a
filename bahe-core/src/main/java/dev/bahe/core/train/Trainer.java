package dev.bahe.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.Scalars;
import dev.bahe.core.config.AlignmentOptions;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.TrainingOptions;
import dev.bahe.core.data.MiniBatches;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.model.AlignableUpperLayers;
import dev.bahe.core.model.CtrModel;
import dev.bahe.core.model.TextCtrModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains any {@link CtrModel} with binary cross-entropy on logits and AdamW, the same way for every variant.
 *
 * <p>One optimizer step: the batch ({@code batchSize} impressions, shuffled per epoch from the seed) is cut
 * into micro-batches of {@code microBatchSize}; each runs features, forward and backward, its loss weighted by
 * its share of the batch, so the accumulated gradient is that of the batch mean. Then: a non-finite loss or
 * gradient norm leaves the parameters untouched (see below); the global gradient norm
 * is clipped to {@code clipGradNorm}; AdamW updates backbone parameters ({@link CtrModel#isBackboneParameter})
 * at the backbone learning rate and all others at the head rate, both following a {@link LearningRateSchedule}
 * (linear warm-up, linear decay over the planned steps); weight decay is decoupled and applies to
 * weight-type parameters only; gradients are zeroed. Frozen parameters are never touched.
 *
 * <p>A step whose loss or gradient norm is NaN or infinite is computed once more from the same parameters, batch
 * and step seed; when that is finite it is applied (a warning, counted in {@link TrainingResult#recomputedSteps}),
 * so a transient fault leaves the run exactly where an undisturbed one would be. A step non-finite twice is
 * skipped: no update, gradients cleared, a warning naming the parameters with non-finite gradients, counted in
 * {@link TrainingResult#skippedSteps}. After
 * {@code maxSkippedSteps} such steps the next one stops training with {@link NonFiniteLossException}: a diverging
 * model fails within a few steps, while a one-step glitch does not end a run of hours.
 *
 * <p>After each epoch the model is evaluated on the validation impressions; the best AUC so far is kept (in
 * memory, and as a checkpoint directory {@code <checkpointDir>} when one is set, see {@link Checkpoints}); after
 * {@code patience} epochs without improvement training stops early ({@code patience <= 0} disables early
 * stopping). When {@code fit} returns, the model holds the best epoch's parameters. Without validation
 * impressions the last epoch is the best.
 *
 * <p>Reproducibility: the engine seed ({@link Engine#setRandomSeed}) is set from {@code seed} at the start of
 * {@code fit} and again before every step from {@code seed} and the step number (so the random stream of a step,
 * e.g. its dropout masks, depends only on where it is in the run), and every epoch's shuffle is seeded from the
 * seed and the epoch.
 *
 * <p>Resumable ({@link Builder#optResumeFile}): every {@code checkpointEverySteps} steps and at the end of every
 * epoch the whole {@link TrainingState} (parameters, AdamW moments and step count, position in the epoch,
 * running sums, early-stopping bookkeeping) is written atomically to the resume file. A {@code fit} that finds
 * the file continues from it, and, since data order, random stream and learning-rate schedule are functions of
 * the seed and the position, ends exactly where an uninterrupted run would have: a killed run loses at most the
 * steps since the last save. The file is deleted when {@code fit} completes. Native memory: every micro-batch runs in its own
 * sub-manager, closed after its backward pass; optimizer temporaries are freed every step. Not thread-safe:
 * one {@code fit} at a time per JVM (autograd recording is global in DJL's PyTorch engine).
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final NDIndex ALL = new NDIndex("...");

  private final TrainingOptions options;
  private final Evaluator evaluator;
  private final Path checkpointDir;
  private final ExperimentConfig config;
  private final String datasetName;
  private final TrainingListener listener;
  private final int logEverySteps;
  private final Path resumeFile;
  private final int checkpointEverySteps;
  private final AlignmentOptions alignment;

  private Trainer(Builder b) {
    this.options = b.options;
    this.evaluator = b.evaluator != null ? b.evaluator : Evaluator.forTraining(b.options);
    this.checkpointDir = b.checkpointDir;
    this.config = b.config;
    this.datasetName = b.datasetName;
    this.listener = b.listener;
    this.logEverySteps = b.logEverySteps;
    this.resumeFile = b.resumeFile;
    this.checkpointEverySteps = b.checkpointEverySteps;
    this.alignment = b.alignment;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Trains on the split's train impressions with early stopping on its validation impressions. */
  public TrainingResult fit(CtrModel model, DatasetSplit split) {
    return fit(model, split.train(), split.valid());
  }

  /**
   * Trains {@code model} on {@code train}, validating on {@code valid} (may be empty) after every epoch.
   *
   * @throws NonFiniteLossException when more than {@code maxSkippedSteps} steps had a NaN or infinite loss or
   *     gradient norm
   */
  public TrainingResult fit(CtrModel model, List<Impression> train, List<Impression> valid) {
    Objects.requireNonNull(model, "model");
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training impressions");
    }
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) (options.seed() ^ (options.seed() >>> 32)));
    List<Impression> trainSet = options.maxTrainSamples() > 0 && options.maxTrainSamples() < train.size()
        ? train.subList(0, options.maxTrainSamples()) : train;
    int batchSize = options.batchSize();
    int micro = options.effectiveMicroBatchSize();
    long stepsPerEpoch = (trainSet.size() + batchSize - 1) / batchSize;
    long planned = stepsPerEpoch * options.epochs();
    if (options.maxSteps() > 0) {
      planned = Math.min(planned, options.maxSteps());
    }
    LearningRateSchedule schedule = new LearningRateSchedule(options.warmupSteps(), planned);
    Block block = model.block();
    List<TrainableParameter> params = trainableParameters(model);
    LOG.info("training {}: {} impressions ({} valid), batch {} (micro {}), up to {} epochs / {} steps, {} trainable"
            + " parameter arrays ({} backbone)", model.name(), trainSet.size(), valid.size(), batchSize, micro,
        options.epochs(), planned, params.size(), params.stream().filter(TrainableParameter::backbone).count());

    RunBookkeeping run = RunBookkeeping.fresh();
    int epochsRun = 0;
    boolean stoppedEarly = false;
    int recomputed = 0;
    double alignmentSeconds = 0;
    long[] phaseNanos = new long[4];
    String fingerprint = fingerprint(model, trainSet.size(), planned, params.size());
    long resumedFromStep = 0;
    int startEpoch = 1;
    int startBatches = 0;
    double resumedLossSum = 0;
    long resumedSamples = 0;

    try (NDManager manager = NDManager.newBaseManager(); AdamW optimizer = new AdamW(manager,
        options.weightDecay())) {
      ParameterStore ps = new ParameterStore(manager, false);
      Optional<TrainingState> resume = resumeFile == null ? Optional.empty() : TrainingStateFile.load(resumeFile);
      if (resume.isPresent()) {
        TrainingState s = resume.get();
        if (!s.fingerprint().equals(fingerprint)) {
          throw new IllegalStateException("training state " + resumeFile + " belongs to another run (" + s.fingerprint()
              + "; this run is " + fingerprint + ": configuration, training set or model differ); delete it to"
              + " start this run from the beginning");
        }
        Checkpoints.loadParameters(model, s.parameters(), resumeFile.toString());
        optimizer.restoreState(params, s.optimizer());
        run = RunBookkeeping.resumed(s);
        startEpoch = s.epoch();
        startBatches = s.batchesDone();
        resumedLossSum = s.epochLossSum();
        resumedSamples = s.epochSamples();
        epochsRun = startEpoch - 1;
        resumedFromStep = run.step;
        LOG.info("resuming training of {} from {}: step {} of {}, epoch {} after {} batches", model.name(),
            resumeFile, run.step, planned, startEpoch, startBatches);
      }
      zeroGradients(params);
      if (resume.isEmpty() && alignment.enabled()) {
        alignmentSeconds = align(model, params, manager);
      }
      for (int epoch = startEpoch; epoch <= options.epochs() && run.step < planned; epoch++) {
        epochsRun = epoch;
        long epochStart = System.nanoTime();
        boolean resumedEpoch = epoch == startEpoch;
        double lossSum = resumedEpoch ? resumedLossSum : 0;
        long epochSamples = resumedEpoch ? resumedSamples : 0;
        int batchesDone = 0;
        int alreadyDone = resumedEpoch ? startBatches : 0;
        MiniBatches batches = MiniBatches.shuffled(trainSet, batchSize, MiniBatches.epochSeed(options.seed(), epoch));
        for (List<Impression> batch : batches) {
          if (batchesDone < alreadyDone) {
            batchesDone++; // taken before the run was resumed
            continue;
          }
          if (run.step >= planned) {
            break;
          }
          long step = ++run.step;
          batchesDone++;
          double factor = schedule.factor(step);
          double backboneLr = options.backboneLearningRate() * factor;
          double headLr = options.headLearningRate() * factor;
          StepOutcome outcome = step(engine, model, block, ps, manager, optimizer, params, batch, micro, step, epoch,
              backboneLr, headLr, phaseNanos);
          if (outcome.failure() != null) {
            // a step is a function of the parameters, the batch and the step seed, so computing it once more gives
            // the very step an undisturbed run takes when the fault was transient (a guard: the known cause, a
            // constant freed under autograd, is fixed by Scalars)
            NonFiniteLossException first = outcome.failure();
            zeroGradients(params);
            outcome = step(engine, model, block, ps, manager, optimizer, params, batch, micro, step, epoch,
                backboneLr, headLr, phaseNanos);
            if (outcome.failure() == null) {
              recomputed++;
              LOG.warn("non-finite {} ({}) at step {} of epoch {}; computed again, the step was finite (|g| {}) and"
                  + " was applied ({} such steps so far)", first.what(), first.value(), step, epoch,
                  fmt(outcome.gradNorm()), recomputed);
            }
          }
          double batchLoss = outcome.loss();
          double gradNorm = outcome.gradNorm();
          NonFiniteLossException failure = outcome.failure();
          if (failure != null) {
            zeroGradients(params);
            if (++run.skipped > options.maxSkippedSteps()) {
              throw options.maxSkippedSteps() == 0 ? failure : new NonFiniteLossException(failure.what()
                  + "; " + run.skipped + " such steps, more than training.maxSkippedSteps = "
                  + options.maxSkippedSteps(), step, epoch, failure.value());
            }
            LOG.warn("non-finite {} ({}) at step {} of epoch {}: step skipped without an update ({} of at most {})",
                failure.what(), failure.value(), step, epoch, run.skipped, options.maxSkippedSteps());
            if (saveDue(step)) {
              saveState(run.state(fingerprint, epoch, batchesDone, lossSum, epochSamples,
                  Checkpoints.saveParameters(model), optimizer.saveState(params)));
            }
            continue;
          }
          lossSum += batchLoss * batch.size();
          epochSamples += batch.size();
          double elapsed = (System.nanoTime() - epochStart) / 1e9;
          StepProgress progress = new StepProgress(epoch, step, epochSamples, batchLoss, lossSum / epochSamples,
              elapsed > 0 ? epochSamples / elapsed : 0, backboneLr, headLr, gradNorm, phases(phaseNanos));
          listener.onStep(progress);
          if (logEverySteps > 0 && step % logEverySteps == 0) {
            LOG.info("epoch {} step {}/{}: loss {} (running {}), {} samples/s, lr {}/{}, |g| {}", epoch, step,
                planned, fmt(batchLoss), fmt(progress.runningLoss()), String.format("%.1f",
                    progress.samplesPerSecond()), backboneLr, headLr, fmt(gradNorm));
          }
          if (saveDue(step)) {
            saveState(run.state(fingerprint, epoch, batchesDone, lossSum, epochSamples,
                Checkpoints.saveParameters(model), optimizer.saveState(params)));
          }
        }
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        run.trainSeconds += epochSeconds;
        run.samplesSeen += epochSamples;
        LOG.info("epoch {} step time so far: {}", epoch, phases(phaseNanos).describe());

        double auc = Double.NaN;
        double logLoss = Double.NaN;
        if (!valid.isEmpty()) {
          Evaluation e = evaluator.evaluate("valid", model, valid);
          auc = e.auc();
          logLoss = e.logLoss();
        }
        boolean improved = run.epochEnded(epoch, epochSamples > 0 ? lossSum / epochSamples : Double.NaN, auc,
            !valid.isEmpty());
        if (improved) {
          // without validation the last epoch is the best: an in-memory copy is only needed to write it
          run.bestParams = valid.isEmpty() && checkpointDir == null ? null : Checkpoints.saveParameters(model);
          if (checkpointDir != null) {
            Checkpoints.save(checkpointDir, run.bestParams, config,
                CheckpointProvenance.of(model.name(), datasetName, options.seed(), epoch, run.step, run.bestAuc));
          }
        }
        EpochSummary summary = new EpochSummary(epoch, run.step, run.lastEpochLoss, epochSeconds,
            epochSeconds > 0 ? epochSamples / epochSeconds : 0, auc, logLoss, improved);
        LOG.info("epoch {} done: train loss {}, {} samples/s, valid AUC {}, LogLoss {}{}", epoch,
            fmt(run.lastEpochLoss), String.format("%.1f", summary.samplesPerSecond()), fmt(auc), fmt(logLoss),
            improved ? " (best)" : "");
        listener.onEpoch(summary);
        boolean patienceExhausted = options.patience() > 0 && run.epochsWithoutImprovement >= options.patience();
        if (resumeFile != null && !patienceExhausted) {
          // the epoch is done, validated and checkpointed: a resume starts the next one. (A run that stops here
          // saves nothing: killed before it ends, it resumes from the last save and, being deterministic, stops
          // here again.)
          saveState(run.state(fingerprint, epoch + 1, 0, 0, 0, Checkpoints.saveParameters(model),
              optimizer.saveState(params)));
        }
        if (patienceExhausted) {
          stoppedEarly = epoch < options.epochs();
          if (stoppedEarly) {
            LOG.info("early stopping after epoch {}: no validation AUC improvement for {} epochs", epoch,
                run.epochsWithoutImprovement);
          }
          break;
        }
      }
      if (run.bestParams != null && !run.lastEpochIsBest) {
        Checkpoints.loadParameters(model, run.bestParams, "best epoch " + run.bestEpoch + " (in memory)");
        LOG.info("restored parameters of best epoch {} (valid AUC {})", run.bestEpoch, fmt(run.bestAuc));
      }
      zeroGradients(params);
    }
    if (resumeFile != null) {
      TrainingStateFile.delete(resumeFile);
    }
    int bestEpoch = run.bestEpoch;
    double bestAuc = run.bestAuc;
    if (bestEpoch == 0) {
      // no epoch ever improved (validation AUC undefined): the model keeps its last parameters
      bestEpoch = epochsRun;
      bestAuc = Double.NaN;
    }
    return new TrainingResult(epochsRun, run.step, bestEpoch, bestAuc, run.lastEpochLoss, run.trainSeconds,
        run.trainSeconds > 0 ? run.samplesSeen / run.trainSeconds : 0, stoppedEarly, run.skipped,
        phases(phaseNanos), resumedFromStep, recomputed, alignmentSeconds);
  }

  private boolean saveDue(long step) {
    return resumeFile != null && checkpointEverySteps > 0 && step % checkpointEverySteps == 0;
  }

  private void saveState(TrainingState state) {
    TrainingStateFile.save(resumeFile, state);
    LOG.info("saved training state at step {} (epoch {}, {} batches done) to {}", state.step(), state.epoch(),
        state.batchesDone(), resumeFile);
  }

  /**
   * What a resume state must match: the configuration (or the training options), the model, the training-set
   * size, the planned steps and the trainable parameter count.
   */
  /**
   * The alignment of the upper layers before the first step of a fresh run (BAHE); its seconds, reported apart
   * from the training loop's. A resumed run restores the aligned parameters instead.
   */
  private double align(CtrModel model, List<TrainableParameter> params, NDManager manager) {
    Optional<AlignableUpperLayers> layers = model instanceof TextCtrModel text
        ? text.alignableUpperLayers() : Optional.empty();
    if (layers.isEmpty()) {
      LOG.info("alignment.steps = {} applies to bahe only (its upper layers read pooled store vectors); {} has none",
          alignment.steps(), model.name());
      return 0;
    }
    UpperLayerAlignment.Report r = UpperLayerAlignment.run(layers.get(), params, alignment, options.batchSize(),
        options.seed(), manager);
    LOG.info("aligned the upper layers of {} on {} stored behaviours: {} steps, mean squared error {} -> {}, {} s",
        model.name(), r.behaviours(), r.steps(), String.format("%.5f", r.firstLoss()),
        String.format("%.5f", r.lastLoss()), String.format("%.1f", r.seconds()));
    return r.seconds();
  }

  private String fingerprint(CtrModel model, int trainSize, long planned, int trainable) {
    String what = (config != null ? new ConfigLoader().toYaml(config) : options.toString()) + "|" + model.name()
        + "|" + trainSize + "|" + planned + "|" + trainable;
    return Checkpoints.sha256(what.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** The engine seed of a step: a mix of the run seed and the 1-based step number. */
  static int stepSeed(long seed, long step) {
    long z = seed + 0x9E3779B97F4A7C15L * (step + 0x51L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) (z ^ (z >>> 32));
  }

  private static StepPhases phases(long[] nanos) {
    return StepPhases.ZERO.plusNanos(nanos[0], nanos[1], nanos[2], nanos[3]);
  }

  /** One optimizer step's result: the batch's mean loss, the gradient norm, and why it was not applied. */
  private record StepOutcome(double loss, double gradNorm, NonFiniteLossException failure) {}

  /**
   * Features, forward and backward of every micro-batch of {@code batch} with the engine seeded for {@code step},
   * then the update unless the loss or the gradient norm is non-finite (then nothing is changed but the
   * accumulated gradients).
   */
  private StepOutcome step(Engine engine, CtrModel model, Block block, ParameterStore ps, NDManager manager,
      AdamW optimizer, List<TrainableParameter> params, List<Impression> batch, int micro, long step, int epoch,
      double backboneLr, double headLr, long[] phaseNanos) {
    engine.setRandomSeed(stepSeed(options.seed(), step));
    double batchLoss = 0;
    for (int from = 0; from < batch.size(); from += micro) {
      List<Impression> part = batch.subList(from, Math.min(batch.size(), from + micro));
      double loss = forwardBackward(model, block, ps, manager, part, batch.size(), phaseNanos);
      if (!Double.isFinite(loss)) {
        return new StepOutcome(loss, Double.NaN, new NonFiniteLossException("loss", step, epoch, loss));
      }
      batchLoss += loss * part.size() / batch.size();
    }
    long optimizerStart = System.nanoTime();
    double gradNorm = optimizerStep(optimizer, params, backboneLr, headLr);
    phaseNanos[3] += System.nanoTime() - optimizerStart;
    if (!Double.isFinite(gradNorm)) {
      return new StepOutcome(batchLoss, gradNorm, new NonFiniteLossException("gradient norm (non-finite in "
          + nonFinite(params) + ")", step, epoch, gradNorm));
    }
    return new StepOutcome(batchLoss, gradNorm, null);
  }

  /**
   * Features, forward, loss and backward of one micro-batch; returns the micro-batch's mean loss and adds the time
   * of each phase to {@code phaseNanos} (features, forward, backward).
   */
  private static double forwardBackward(CtrModel model, Block block, ParameterStore ps, NDManager manager,
      List<Impression> part, int batchSize, long[] phaseNanos) {
    try (NDManager mm = manager.newSubManager()) {
      long start = System.nanoTime();
      NDList input = model.features(part, mm);
      long featuresDone = System.nanoTime();
      phaseNanos[0] += featuresDone - start;
      float[] y = new float[part.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = part.get(i).label();
      }
      NDArray labels = mm.create(y, new Shape(y.length, 1));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = block.forward(ps, input, true).singletonOrThrow();
        if (logits.getShape().size() != part.size()) {
          throw new IllegalStateException("model " + model.name() + " returned logits of shape "
              + logits.getShape() + " for a micro-batch of " + part.size());
        }
        NDArray loss = BinaryCrossEntropy.withLogits(logits.reshape(part.size(), 1).toType(DataType.FLOAT32,
            false), labels);
        double value = loss.getFloat();
        long forwardDone = System.nanoTime();
        phaseNanos[1] += forwardDone - featuresDone;
        if (Double.isFinite(value)) {
          collector.backward(Scalars.mul(loss, (float) part.size() / batchSize));
        }
        phaseNanos[2] += System.nanoTime() - forwardDone;
        return value;
      }
    }
  }

  /**
   * Clips, updates and zeroes gradients; returns the global gradient norm before clipping. A non-finite norm is
   * returned without touching parameters or gradients. Each parameter's squared norm is one float32 dot product
   * (a single pass over its gradient), summed in double.
   */
  private double optimizerStep(AdamW optimizer, List<TrainableParameter> params, double backboneLr,
      double headLr) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      List<NDArray> grads = new ArrayList<>(params.size());
      double sumSquares = 0;
      for (TrainableParameter p : params) {
        NDArray g = p.parameter().getArray().getGradient();
        grads.add(g);
        NDArray flat = g.reshape(-1);
        sumSquares += flat.dot(flat).getFloat();
      }
      double norm = Math.sqrt(sumSquares);
      if (!Double.isFinite(norm)) {
        return norm;
      }
      double scale = options.clipGradNorm() > 0 && norm > options.clipGradNorm()
          ? options.clipGradNorm() / (norm + 1e-6) : 1;
      optimizer.step(params, grads, scale, backboneLr, headLr);
      // the update zeroed the gradients of the parameters it moved; those with a learning rate of 0 are left
      for (int i = 0; i < params.size(); i++) {
        if ((params.get(i).backbone() ? backboneLr : headLr) == 0) {
          clear(grads.get(i));
        }
      }
      return norm;
    }
  }

  /** The names of the parameters whose gradients hold NaN or infinity, at most five, for the error message. */
  private static String nonFinite(List<TrainableParameter> params) {
    List<String> names = new ArrayList<>();
    int count = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (TrainableParameter p : params) {
        NDArray g = p.parameter().getArray().getGradient();
        if (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean()) {
          if (count++ < 5) {
            names.add(p.name());
          }
        }
      }
    }
    return count + " of " + params.size() + " parameters: " + String.join(", ", names) + (count > 5 ? ", ..." : "");
  }

  /** Overwrites every gradient with zeros (also clearing NaN/inf left by an aborted step). */
  private static void zeroGradients(List<TrainableParameter> params) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (TrainableParameter p : params) {
        clear(p.parameter().getArray().getGradient());
      }
    }
  }

  /**
   * Sets every element of {@code array} to 0 in place (an indexed assignment, so NaN and infinity are cleared
   * too, unlike {@code a - a}); the array keeps its own storage.
   */
  static void clear(NDArray array) {
    array.set(ALL, 0);
  }

  /** The trainable (non-frozen) parameters of the model's block, each once, in block order. */
  static List<TrainableParameter> trainableParameters(CtrModel model) {
    List<TrainableParameter> out = new ArrayList<>();
    Map<Parameter, Boolean> seen = new IdentityHashMap<>();
    for (var pair : model.block().getParameters()) {
      Parameter p = pair.getValue();
      if (!p.requiresGradient() || seen.put(p, Boolean.TRUE) != null) {
        continue;
      }
      boolean decay = p.getType() == Parameter.Type.WEIGHT;
      out.add(new TrainableParameter(pair.getKey(), p, model.isBackboneParameter(pair.getKey()), decay));
    }
    return Collections.unmodifiableList(out);
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }

  /** Builds a {@link Trainer}; the training options are required. */
  public static final class Builder {

    private TrainingOptions options;
    private Evaluator evaluator;
    private Path checkpointDir;
    private ExperimentConfig config;
    private String datasetName = "unknown";
    private TrainingListener listener = TrainingListener.NONE;
    private int logEverySteps = 50;
    private Path resumeFile;
    private int checkpointEverySteps = 100;
    private AlignmentOptions alignment = AlignmentOptions.NONE;

    private Builder() {}

    public Builder setOptions(TrainingOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Uses the training options of {@code config} and saves it with every checkpoint. */
    public Builder setConfig(ExperimentConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.options = config.training();
      this.alignment = config.alignment();
      return this;
    }

    /** The alignment of BAHE's upper layers before a fresh run's first step (default: none; set by the config). */
    public Builder setAlignment(AlignmentOptions alignment) {
      this.alignment = Objects.requireNonNull(alignment, "alignment");
      return this;
    }

    /** The evaluator of the validation split (default: {@link Evaluator#forTraining}). */
    public Builder optEvaluator(Evaluator evaluator) {
      this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
      return this;
    }

    /** Directory of the best checkpoint, rewritten at every improvement; none by default. */
    public Builder optCheckpointDir(Path checkpointDir) {
      this.checkpointDir = checkpointDir;
      return this;
    }

    /** Dataset name recorded in checkpoint provenance. */
    public Builder optDatasetName(String datasetName) {
      this.datasetName = Objects.requireNonNull(datasetName, "datasetName");
      return this;
    }

    /**
     * The file of the resumable training state (see {@link TrainingState}): continued from when present,
     * rewritten every {@link #optCheckpointEverySteps} steps and at every epoch end, deleted when {@code fit}
     * completes. None by default.
     */
    public Builder optResumeFile(Path resumeFile) {
      this.resumeFile = resumeFile;
      return this;
    }

    /** Steps between two saves of the resume state (default 100; 0 saves only at epoch ends). */
    public Builder optCheckpointEverySteps(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("checkpointEverySteps must be >= 0, was " + steps);
      }
      this.checkpointEverySteps = steps;
      return this;
    }

    public Builder optListener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Log a progress line every this many steps (default 50; 0 disables). */
    public Builder optLogEverySteps(int logEverySteps) {
      this.logEverySteps = logEverySteps;
      return this;
    }

    public Trainer build() {
      Objects.requireNonNull(options, "training options are required");
      return new Trainer(this);
    }
  }
}
