package dev.bahe.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.core.config.TrainingOptions;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluation;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.train.FeatureModel;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdDnnModelTest {

  /** Clicks driven by a per-user and a per-item bias: ids carry the whole signal. */
  private static final class IdData {
    final Map<String, Double> userBias = new HashMap<>();
    final Map<String, Double> itemBias = new HashMap<>();
    final List<Impression> impressions = new ArrayList<>();

    IdData(int users, int items, int n, long seed) {
      Random r = new Random(seed);
      for (int u = 0; u < users; u++) {
        userBias.put("u" + u, 1.5 * r.nextGaussian());
      }
      for (int i = 0; i < items; i++) {
        itemBias.put("i" + i, 1.5 * r.nextGaussian());
      }
      for (int k = 0; k < n; k++) {
        String u = "u" + r.nextInt(users);
        String i = "i" + r.nextInt(items);
        double p = 1 / (1 + Math.exp(-(userBias.get(u) + itemBias.get(i))));
        impressions.add(new Impression(u, i, k, r.nextDouble() < p ? 1 : 0));
      }
    }

    float[] features(Impression imp) {
      return new float[] {userBias.getOrDefault(imp.userId(), 0.0).floatValue(), itemBias.get(imp.itemId()).floatValue(), 0.3f,
          -0.2f};
    }
  }

  private static TrainingOptions options(int epochs) {
    return new TrainingOptions(128, 0, epochs, 3e-2, 3e-2, 0.0, 5, 1.0, 2, 3, 0, 0, 0);
  }

  @Test
  void idOnlyDnnLearnsFromIdsAndExportedRepresentationsAreUsed(@TempDir Path dir) {
    IdData data = new IdData(60, 30, 3000, 21);
    DatasetSplit split = TimeSplitter.split(new Dataset("ids", List.of(), Map.of(), Map.of(), data.impressions),
        0.1, 0.2);
    Evaluation idOnly;
    try (IdDnnModel dnn = IdDnnModel.builder().setVocabulary(split.train()).optSeed(5).build()) {
      assertThat(dnn.name()).isEqualTo("dnn-id");
      double before = new Evaluator(512).evaluate("test", dnn, split.test()).auc();
      TrainingResult r = Trainer.builder().setOptions(options(3)).build().fit(dnn, split);
      idOnly = new Evaluator(512).evaluate("test", dnn, split.test());
      assertThat(idOnly.auc()).isGreaterThan(0.7).isGreaterThan(before + 0.1);
      assertThat(r.bestValidAuc()).isGreaterThan(0.7);
    }

    // an upstream model whose representations carry the biases, exported and fed to the DNN
    Path qu = dir.resolve("qu.bin");
    Path qi = dir.resolve("qi.bin");
    List<Impression> all = new ArrayList<>(split.train());
    all.addAll(split.valid());
    all.addAll(split.test());
    Set<String> itemIds = new HashSet<>();
    all.forEach(imp -> itemIds.add(imp.itemId()));
    try (FeatureModel upstream = new FeatureModel(data::features, 4, 6, 9)) {
      Trainer.builder().setOptions(options(1)).build().fit(upstream, split);
      RepresentationExporter exporter = new RepresentationExporter(100);
      assertThat(exporter.exportUsers(upstream, all, qu)).isEqualTo(6);
      assertThat(exporter.exportItems(upstream, itemIds, qi)).isEqualTo(1);
      // the exported Q_u is what the model returns for the impression. The export ran in batches of 100 and the
      // direct call runs a batch of one: GEMM kernels pick different blockings (and AVX-512/AMX paths) by batch
      // shape, so the two may differ in the last bits (seen: 0.59040034f vs 0.5904003f, 1 ulp); 1e-5 is far above
      // such rounding and far below any wrong row or wrong user (representations here are O(1)).
      try (NDManager m = NDManager.newBaseManager()) {
        float[] direct = upstream.representations(all.subList(0, 1), m).orElseThrow().get(0).toFloatArray();
        RepresentationTable t = RepresentationTable.load(qu, qi);
        float[] features = new float[t.dimension()];
        t.copyFeatures(all.get(0), features, 0);
        assertThat(java.util.Arrays.copyOf(features, 6)).containsExactly(direct, within(1e-5f));
        assertThat(t.users()).isEqualTo(all.size());
        assertThat(t.items()).isEqualTo(itemIds.size());
      }
    }
    RepresentationTable table = RepresentationTable.load(qu, qi);
    try (IdDnnModel dnn = IdDnnModel.builder().setVocabulary(split.train()).optRepresentations(table).optSeed(5)
        .build()) {
      assertThat(dnn.name()).isEqualTo("dnn-id+repr");
      assertThat(dnn.usesRepresentations()).isTrue();
      Trainer.builder().setOptions(options(3)).build().fit(dnn, split);
      Evaluation withRepr = new Evaluator(512).evaluate("test", dnn, split.test());
      assertThat(withRepr.auc()).isGreaterThan(0.7);
      // the dense inputs reach the output: replacing them changes the logits
      try (NDManager m = NDManager.newBaseManager()) {
        List<Impression> batch = split.test().subList(0, 16);
        NDList in = dnn.features(batch, m);
        assertThat(in).hasSize(3);
        assertThat(in.get(2).getShape().get(1)).isEqualTo(7);
        ParameterStore ps = new ParameterStore(m, false);
        float[] a = dnn.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
        NDArray zeros = in.get(2).zerosLike();
        float[] b = dnn.block().forward(ps, new NDList(in.get(0), in.get(1), zeros), false).singletonOrThrow()
            .toFloatArray();
        assertThat(b).isNotEqualTo(a);
      }
    }
  }

  @Test
  void exportingFromAModelWithoutRepresentationsFailsAndLeavesNoFile(@TempDir Path dir) {
    List<Impression> imps = List.of(new Impression("a", "x", 1, 0), new Impression("b", "y", 2, 1));
    try (IdDnnModel dnn = IdDnnModel.builder().setVocabulary(imps).build()) {
      Path file = dir.resolve("qu.bin");
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> new RepresentationExporter(8).exportUsers(dnn, imps, file))
          .hasMessageContaining("has no text representations");
      assertThat(file).doesNotExist();
      assertThat(dir.resolve("qu.bin.tmp")).doesNotExist();
    }
  }

  @Test
  void unknownIdsShareTheUnknownRow() {
    IdVocabulary v = IdVocabulary.of(List.of(new Impression("b", "x", 1, 0), new Impression("a", "y", 2, 1)),
        Impression::userId);
    assertThat(v.indexOf("a")).isEqualTo(1);
    assertThat(v.indexOf("b")).isEqualTo(2);
    assertThat(v.indexOf("zzz")).isZero();
    assertThat(v.rows()).isEqualTo(3);
  }
}
