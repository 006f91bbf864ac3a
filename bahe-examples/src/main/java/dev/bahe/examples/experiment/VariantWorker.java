package dev.bahe.examples.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bahe.core.abe.AbeReport;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of one measured run in its own JVM, started by {@link ExperimentRunner}: so that the peak memory
 * it reports (VmHWM) is that run's alone. Arguments: {@code MODE CONFIG_YAML RESULT_JSON LABEL MAX_VALID MAX_TEST AUC_D}
 * where MODE is {@code encode} (ABE only), {@code train} (a text variant), or a baseline without text: {@code oracle}
 * (the synthetic generator's click probabilities), {@code stats} (logistic regression on point-in-time counters),
 * {@code dnn} (the production-style ID model) or {@code dnn-id} (user and item ids only). A trained run's result
 * carries its learning curve.
 */
public final class VariantWorker {

  private static final Logger LOG = LoggerFactory.getLogger(VariantWorker.class);

  private VariantWorker() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 7) {
      throw new IllegalArgumentException("usage: VariantWorker encode|train|oracle|stats|dnn|dnn-id CONFIG_YAML"
          + " RESULT_JSON LABEL MAX_VALID_SAMPLES MAX_TEST_SAMPLES WITH_AUC_D");
    }
    String mode = args[0];
    Path configFile = Path.of(args[1]);
    Path resultFile = Path.of(args[2]);
    String label = args[3];
    EvalBudget evalBudget = new EvalBudget(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    boolean withAucD = Boolean.parseBoolean(args[6]);
    ExperimentConfig config = new ConfigLoader().fromYaml(Files.readString(configFile), configFile.toString());
    int textLength = PlannedRun.BASELINES.contains(mode) ? 0 : config.sequence().textLength();
    VariantResult result;
    try (ExperimentPipeline session = ExperimentPipeline.open(config, evalBudget, List.of())) {
      result = switch (mode) {
        case "encode" -> encode(session, label);
        case "train" -> train(session, label, withAucD);
        case PlannedRun.ORACLE -> baseline(label, session.oracle());
        case PlannedRun.STATS -> baseline(label, session.stats());
        case PlannedRun.DNN -> baseline(label, session.productionDnn());
        case PlannedRun.DNN_ID -> baseline(label, session.idOnlyDnn());
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      };
    } catch (OutOfMemoryError e) {
      result = VariantResult.failed(label, textLength, PeakMemory.peakRssMb(), "out of memory: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("run {} failed", label, e);
      result = VariantResult.failed(label, textLength, PeakMemory.peakRssMb(),
          "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(resultFile.toFile(), result);
    System.exit(result.ok() ? 0 : 2);
  }

  private static VariantResult encode(ExperimentPipeline session, String label) {
    AbeReport report = session.encode(null);
    LOG.info("ABE: {}", report);
    return new VariantResult(label, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        PeakMemory.peakRssMb(), Double.NaN, report.seconds(), report.encodedNow(), 0, "ok");
  }

  private static VariantResult train(ExperimentPipeline session, String label, boolean withAucD) {
    ExperimentConfig config = session.config();
    try (TextCtrModel model = session.buildModel()) {
      LearningCurveRecorder recorder = new LearningCurveRecorder();
      TrainingResult training = session.train(model, label, recorder);
      LOG.info("{}: {}", label, training);
      Evaluation test = session.test(model, null);
      LOG.info("{}: {}", label, test);
      double peak = PeakMemory.peakRssMb();
      double aucD = Double.NaN;
      if (withAucD) {
        aucD = session.downstreamWithRepresentations(model).auc();
      }
      long samples = Math.round(training.trainSamplesPerSecond() * training.trainSeconds());
      return new VariantResult(label, config.sequence().textLength(), test.auc(), test.logLoss(), test.gauc(),
          training.trainSeconds(), training.trainSamplesPerSecond(), peak, aucD, Double.NaN, samples,
          training.skippedSteps(), "ok", test.gaucUsers(), recorder.curve(), training.recomputedSteps(),
          training.alignmentSeconds());
    }
  }

  private static VariantResult baseline(String label, BaselineResult r) {
    LOG.info("{}: {} on {} training impressions in {} s", label, r.test(), r.trainImpressions(),
        String.format("%.1f", r.trainSeconds()));
    Evaluation test = r.test();
    double perSecond = r.trainSeconds() > 0 && r.trainImpressions() > 0 ? r.trainImpressions() / r.trainSeconds() : Double.NaN;
    return new VariantResult(label, 0, test.auc(), test.logLoss(), test.gauc(), r.trainSeconds(), perSecond,
        PeakMemory.peakRssMb(), Double.NaN, Double.NaN, r.trainImpressions(), 0, "ok", test.gaucUsers(),
        r.learning());
  }
}
