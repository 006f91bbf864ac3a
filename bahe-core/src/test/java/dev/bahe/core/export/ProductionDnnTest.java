package dev.bahe.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import dev.bahe.core.baseline.CounterGroup;
import dev.bahe.core.baseline.PointInTimeCounters;
import dev.bahe.core.config.TrainingOptions;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.core.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production-style {@code dnn}: its history input reads only behaviours before the impression, its counters
 * reach the output, it learns a signal that lies in the history where the ID-only model cannot, and it survives a
 * checkpoint round trip.
 */
class ProductionDnnTest {

  private static final Dataset DATA = TopicHistoryTask.generate(300, 40, 4, 3);
  private static final DatasetSplit SPLIT = TimeSplitter.split(DATA, 0.1, 0.2);

  private static IdDnnModel.Builder dnn(Dataset data) {
    return IdDnnModel.builder().setVocabulary(SPLIT.train()).optHistory(data, data.types(), 5, 1 << 10).optSeed(9);
  }

  private static float[] logits(IdDnnModel model, List<Impression> batch) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList in = model.features(batch, m);
      return model.block().forward(new ParameterStore(m, false), in, false).singletonOrThrow().toFloatArray();
    }
  }

  /** {@code DATA} with one more behaviour for the user of {@code imp}, of its first type, at {@code time}. */
  private static Dataset withBehaviour(Impression imp, long time, String text) {
    Map<String, UserHistory> histories = new HashMap<>(DATA.histories());
    List<Behavior> all = new ArrayList<>();
    UserHistory h = DATA.history(imp.userId());
    DATA.types().forEach(t -> all.addAll(h.all(t)));
    all.add(new Behavior(DATA.types().get(0), time, text));
    histories.put(imp.userId(), UserHistory.of(imp.userId(), all));
    return new Dataset(DATA.name(), DATA.types(), DATA.items(), histories, DATA.impressions());
  }

  @Test
  void aBehaviourAtOrAfterTheImpressionChangesNothingAndOneBeforeItDoes() {
    Impression imp = SPLIT.test().get(0);
    try (IdDnnModel base = dnn(DATA).build();
        IdDnnModel atT = dnn(withBehaviour(imp, imp.timestamp(), "a brand new text")).build();
        IdDnnModel later = dnn(withBehaviour(imp, imp.timestamp() + 5, "a brand new text")).build();
        IdDnnModel before = dnn(withBehaviour(imp, imp.timestamp() - 1, "a brand new text")).build()) {
      assertThat(base.name()).isEqualTo("dnn");
      assertThat(base.usesHistory()).isTrue();
      assertThat(base.usesCounters()).isFalse();
      float[] expected = logits(base, List.of(imp));
      assertThat(logits(atT, List.of(imp))).isEqualTo(expected);
      assertThat(logits(later, List.of(imp))).isEqualTo(expected);
      assertThat(logits(before, List.of(imp))).isNotEqualTo(expected);
    }
  }

  @Test
  void historyBucketsAreTheBehaviourKeysOfTheMostRecentBehavioursPerType() {
    Impression imp = SPLIT.test().get(3);
    HashedHistory history = new HashedHistory(DATA, DATA.types(), 5, 1 << 10);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList f = history.features(List.of(imp), m);
      assertThat(f.get(0).getShape().getShape()).containsExactly(1, 2, 5);
      long[] buckets = f.get(0).toLongArray();
      float[] mask = f.get(1).toFloatArray();
      List<Behavior> clicks = DATA.history(imp.userId()).recent(TopicHistoryTask.CLICK, imp.timestamp(), 5);
      assertThat(clicks).hasSize(5);
      for (int p = 0; p < 5; p++) {
        assertThat(buckets[p]).isEqualTo(Math.floorMod(dev.bahe.api.key.BehaviorKeys.key(clicks.get(p).text()),
            1 << 10));
        assertThat(mask[p]).isEqualTo(1f);
      }
    }
    // a user without history: all padding
    try (NDManager m = NDManager.newBaseManager()) {
      NDList f = history.features(List.of(new Impression("stranger", "i1", 5, 0)), m);
      assertThat(f.get(1).toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void theCountersReachTheOutput() {
    PointInTimeCounters counters = PointInTimeCounters.of(DATA, SPLIT.train());
    try (IdDnnModel model = dnn(DATA).optCounters(counters).build()) {
      assertThat(model.name()).isEqualTo("dnn");
      assertThat(model.usesCounters()).isTrue();
      List<Impression> batch = SPLIT.test().subList(0, 16);
      try (NDManager m = NDManager.newBaseManager()) {
        NDList in = model.features(batch, m);
        assertThat(in).hasSize(5);
        assertThat(in.get(4).getShape().get(1)).isEqualTo(counters.size());
        ParameterStore ps = new ParameterStore(m, false);
        float[] a = model.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
        NDList zeroed = new NDList(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4).zerosLike());
        float[] b = model.block().forward(ps, zeroed, false).singletonOrThrow().toFloatArray();
        assertThat(b).isNotEqualTo(a);
      }
    }
    try (IdDnnModel countersOnly = IdDnnModel.builder().setVocabulary(SPLIT.train()).optCounters(counters).build()) {
      assertThat(countersOnly.name()).isEqualTo("dnn");
      assertThat(countersOnly.usesHistory()).isFalse();
    }
  }

  @Test
  void countersOfChosenGroupsAreTheirColumnsOfTheFullStandardizedRow() {
    PointInTimeCounters counters = PointInTimeCounters.of(DATA, SPLIT.train());
    List<CounterGroup> groups = List.of(CounterGroup.ITEM, CounterGroup.RECENT_SHARES);
    int[] itemColumns = counters.columns(CounterGroup.ITEM);
    int[] recentColumns = counters.columns(CounterGroup.RECENT_SHARES);
    List<Impression> batch = SPLIT.test().subList(0, 8);
    try (IdDnnModel all = IdDnnModel.builder().setVocabulary(SPLIT.train()).optCounters(counters).build();
        IdDnnModel some = IdDnnModel.builder().setVocabulary(SPLIT.train()).optCounters(counters, groups).build();
        NDManager m = NDManager.newBaseManager()) {
      float[] full = all.features(batch, m).get(2).toFloatArray();
      NDList in = some.features(batch, m);
      int width = itemColumns.length + recentColumns.length;
      assertThat(in.get(2).getShape().get(1)).isEqualTo(width);
      float[] chosen = in.get(2).toFloatArray();
      int[] columns = java.util.stream.IntStream.concat(java.util.Arrays.stream(itemColumns),
          java.util.Arrays.stream(recentColumns)).sorted().toArray();
      for (int r = 0; r < batch.size(); r++) {
        for (int j = 0; j < width; j++) {
          assertThat(chosen[r * width + j]).as("row %d column %d", r, columns[j])
              .isEqualTo(full[r * counters.size() + columns[j]]);
        }
      }
    }
    assertThatThrownBy(() -> IdDnnModel.builder().setVocabulary(SPLIT.train()).optCounters(counters, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void learnsASignalInTheHistoryThatTheIdOnlyModelCannotSee() {
    TrainingOptions options = new TrainingOptions(32, 0, 10, 1e-2, 1e-2, 0.0, 5, 1.0, 0, 3, 0, 0, 0);
    Evaluator evaluator = new Evaluator(256);
    double idOnly;
    try (IdDnnModel model = IdDnnModel.builder().setVocabulary(SPLIT.train()).optSeed(9).build()) {
      assertThat(model.name()).isEqualTo("dnn-id");
      Trainer.builder().setOptions(options).optLogEverySteps(0).build().fit(model, SPLIT);
      idOnly = evaluator.evaluate("test", model, SPLIT.test()).auc();
    }
    try (IdDnnModel model = dnn(DATA).build()) {
      Trainer.builder().setOptions(options).optLogEverySteps(0).build().fit(model, SPLIT);
      double withHistory = evaluator.evaluate("test", model, SPLIT.test()).auc();
      System.err.printf("id-only %.4f, with history %.4f%n", idOnly, withHistory);
      assertThat(withHistory).isGreaterThan(0.8).isGreaterThan(idOnly + 0.15);
    }
  }

  @Test
  void aCheckpointLoadsIntoAModelBuiltTheSameWay(@TempDir Path dir) {
    PointInTimeCounters counters = PointInTimeCounters.of(DATA, SPLIT.train());
    TrainingOptions options = new TrainingOptions(32, 0, 1, 3e-3, 3e-3, 0.0, 5, 1.0, 0, 3, 0, 0, 0);
    List<Impression> batch = SPLIT.test().subList(0, 32);
    float[] trained;
    try (IdDnnModel model = dnn(DATA).optCounters(counters).build()) {
      Trainer.builder().setOptions(options).optLogEverySteps(0).build().fit(model, SPLIT);
      trained = logits(model, batch);
      Checkpoints.save(dir, model, null, CheckpointProvenance.of(model.name(), DATA.name(), 3, 1, 1, 0.5));
    }
    try (IdDnnModel fresh = dnn(DATA).optCounters(counters).optSeed(1234).build()) {
      assertThat(logits(fresh, batch)).isNotEqualTo(trained);
      Checkpoints.load(dir, fresh);
      assertThat(logits(fresh, batch)).isEqualTo(trained);
    }
  }

  @Test
  void badHistoryOptionsAreRejected() {
    assertThatThrownBy(() -> IdDnnModel.builder().optHistory(DATA, List.of(), 5, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("behaviour type");
    assertThatThrownBy(() -> IdDnnModel.builder().optHistory(DATA, DATA.types(), 0, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }
}
