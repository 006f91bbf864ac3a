package dev.bahe.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Impression;
import dev.bahe.api.metrics.Auc;
import dev.bahe.api.metrics.Gauc;
import dev.bahe.api.metrics.LogLoss;
import dev.bahe.core.train.FeatureModel;
import dev.bahe.core.train.Synthetic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

  @Test
  void metricsEqualTheApiMetricsOnTheSamePredictionsAndFileHoldsThem(@TempDir Path dir) throws Exception {
    Synthetic.Data data = Synthetic.separable(333, 0.3, 12);
    List<Impression> imps = data.impressions();
    try (FeatureModel model = new FeatureModel(data::features, 4, 8, 5)) {
      // a batch size that does not divide the count: the last batch is partial
      double[] p = new Evaluator(50).predict(model, imps);
      int[] labels = imps.stream().mapToInt(Impression::label).toArray();
      String[] users = imps.stream().map(Impression::userId).toArray(String[]::new);
      Path file = dir.resolve("out/predictions.tsv");
      Evaluation e = new Evaluator(50).evaluate("test", model, imps, file);

      assertThat(e.count()).isEqualTo(333);
      assertThat(e.positives()).isEqualTo(java.util.Arrays.stream(labels).sum());
      assertThat(e.auc()).isEqualTo(Auc.of(p, labels));
      assertThat(e.logLoss()).isEqualTo(LogLoss.of(p, labels));
      Gauc.Result g = Gauc.of(users, p, labels);
      assertThat(e.gauc()).isEqualTo(g.value());
      assertThat(e.gaucUsers()).isEqualTo(g.usersEvaluated()).isEqualTo(20);
      assertThat(e.metric("AUC")).isEqualTo(e.auc());
      assertThatThrownBy(() -> e.metric("f1")).hasMessageContaining("known metrics");
      // the model is untrained but not constant: AUC is a real number away from the degenerate 0.5
      assertThat(e.auc()).isBetween(0.0, 1.0).isNotEqualTo(0.5);

      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(334);
      assertThat(lines.get(0)).isEqualTo("user_id\titem_id\ttimestamp\tlabel\tprobability");
      for (int i = 0; i < imps.size(); i++) {
        String[] f = lines.get(i + 1).split("\t");
        Impression imp = imps.get(i);
        assertThat(f).hasSize(5);
        assertThat(f[0]).isEqualTo(imp.userId());
        assertThat(f[1]).isEqualTo(imp.itemId());
        assertThat(Long.parseLong(f[2])).isEqualTo(imp.timestamp());
        assertThat(Integer.parseInt(f[3])).isEqualTo(imp.label());
        assertThat(Double.parseDouble(f[4])).isEqualTo(p[i]);
      }
    }
  }

  @Test
  void predictionRunsInsideTheModelsInferenceScope() {
    Synthetic.Data data = Synthetic.separable(20, 0.0, 13);
    try (FeatureModel model = new FeatureModel(data::features, 4, 8, 5)) {
      new Evaluator(7).predict(model, data.impressions());
      assertThat(model.batchesInAndOutsideInference()).containsExactly(3, 0);
      assertThat(model.openInferenceScopes()).isZero();
    }
  }

  @Test
  void predictionIsInferenceModeAndBatchSizeIndependent() {
    Synthetic.Data data = Synthetic.separable(100, 0.0, 13);
    try (FeatureModel model = new FeatureModel(data::features, 4, 8, 5)) {
      double[] a = new Evaluator(7).predict(model, data.impressions());
      double[] b = new Evaluator(100).predict(model, data.impressions());
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a[i]).isStrictlyBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void sigmoidIsStable() {
    assertThat(Evaluator.sigmoid(0)).isEqualTo(0.5);
    assertThat(Evaluator.sigmoid(-800)).isEqualTo(0.0);
    assertThat(Evaluator.sigmoid(800)).isEqualTo(1.0);
    assertThat(Evaluator.sigmoid(2) + Evaluator.sigmoid(-2)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
  }
}
