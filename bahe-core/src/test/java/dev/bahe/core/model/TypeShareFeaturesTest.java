package dev.bahe.core.model;

import static dev.bahe.core.model.ModelTestSupport.DISLIKED;
import static dev.bahe.core.model.ModelTestSupport.LIKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.config.ConfigException;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.TypeShares;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TypeShareFeaturesTest {

  private LayeredLanguageModel llm;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    llm = ModelTestSupport.tinyBert();
    manager = llm.manager().newSubManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
    llm.close();
  }

  private static Sample sampleAt(Dataset data, long time) {
    return new Sample(data.history("u0"), new Item("x", "an item"), time);
  }

  @Test
  void historySharesCountEveryBehaviourOfATypeStrictlyBeforeTheTime() {
    Dataset data = ModelTestSupport.tinyDataset();
    // u0 has behaviours at 10, 20, ..., 120; every third one (30, 60, 90, 120) disliked
    UserHistory h = data.history("u0");
    assertThat(h.countBefore(LIKED, 55L)).isEqualTo(4);
    assertThat(h.countBefore(DISLIKED, 55L)).isEqualTo(1);
    assertThat(h.countBefore(DISLIKED, 60L)).as("a behaviour at the time itself is not before it").isEqualTo(1);
    assertThat(h.countBefore(DISLIKED, 61L)).isEqualTo(2);
    TypeShareFeatures shares = new TypeShareFeatures(TypeShares.HISTORY, List.of(LIKED, DISLIKED), 4);
    assertThat(shares.width()).isEqualTo(4);
    BehaviorSelector selector = selector(4);
    List<Sample> samples = List.of(sampleAt(data, 55L), sampleAt(data, 125L), sampleAt(data, 5L));
    float[] got = shares.build(samples, samples.stream().map(s -> selector.select(s.history(), s.time())).toList(),
        manager).toFloatArray();
    // before 55: 4 liked and 1 disliked, the 4 most recent (20 L, 30 D, 40 L, 50 L) 3 and 1;
    // before 125: 8 and 4, the 4 most recent (90 D, 100 L, 110 L, 120 D) 2 and 2; nothing before 5
    assertThat(got).containsExactly(new float[] {
        0.8f, 0.2f, 0.75f, 0.25f,
        8f / 12, 4f / 12, 0.5f, 0.5f,
        0f, 0f, 0f, 0f}, within(1e-6f));
  }

  @Test
  void theRecentWindowMergesTypesByTimeAndBreaksTiesByTypeOrder() {
    BehaviorType a = BehaviorType.of("a");
    BehaviorType b = BehaviorType.of("b");
    UserHistory h = UserHistory.of("u", List.of(new Behavior(a, 1L, "a1"), new Behavior(b, 2L, "b2"),
        new Behavior(a, 3L, "a3"), new Behavior(b, 3L, "b3"), new Behavior(b, 9L, "b9")));
    TypeShareFeatures shares = new TypeShareFeatures(TypeShares.HISTORY, List.of(a, b), 2);
    Sample s = new Sample(h, new Item("x", "x"), 5L);
    float[] got = shares.build(List.of(s), List.of(new SelectedBehaviors(List.of(List.of(), List.of()),
        List.of(List.of(), List.of()))), manager).toFloatArray();
    // before 5: a at 1 and 3, b at 2 and 3; the 2 most recent are the two at 3, a tie: one of each
    assertThat(got).containsExactly(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, within(1e-6f));
    TypeShareFeatures three = new TypeShareFeatures(TypeShares.HISTORY, List.of(a, b), 3);
    float[] wider = three.build(List.of(s), List.of(new SelectedBehaviors(List.of(List.of(), List.of()),
        List.of(List.of(), List.of()))), manager).toFloatArray();
    // the 3 most recent: both at 3 and b at 2
    assertThat(wider).containsExactly(new float[] {0.5f, 0.5f, 1f / 3, 2f / 3}, within(1e-6f));
    TypeShareFeatures one = new TypeShareFeatures(TypeShares.HISTORY, List.of(a, b), 1);
    float[] newest = one.build(List.of(s), List.of(new SelectedBehaviors(List.of(List.of(), List.of()),
        List.of(List.of(), List.of()))), manager).toFloatArray();
    // the one most recent: a tie at 3, which goes to the earlier type
    assertThat(newest).containsExactly(new float[] {0.5f, 0.5f, 1f, 0f}, within(1e-6f));
  }

  @Test
  void selectedSharesCountTheSequencesTheUpperLayersSee() {
    Dataset data = ModelTestSupport.tinyDataset();
    TypeShareFeatures shares = new TypeShareFeatures(TypeShares.SELECTED, List.of(LIKED, DISLIKED), 2);
    assertThat(shares.width()).isEqualTo(2);
    BehaviorSelector selector = selector(2);
    List<Sample> samples = List.of(sampleAt(data, 125L));
    float[] got = shares.build(samples, List.of(selector.select(samples.get(0).history(), 125L)), manager)
        .toFloatArray();
    // M = 2 caps both types: 8 liked and 4 disliked before 125 become 2 and 2
    assertThat(got).containsExactly(new float[] {0.5f, 0.5f}, within(1e-6f));
    assertThatThrownBy(() -> new TypeShareFeatures(TypeShares.NONE, List.of(LIKED), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSharesAreASeventhInputWhoseTermStartsAtZeroAndMovesTheLogit() {
    Dataset data = ModelTestSupport.tinyDataset();
    List<Impression> batch = data.impressions();
    ExperimentConfig config = ModelTestSupport.config(Variant.LLM_CTR);
    assertThat(config.sequence().typeShares()).as("default").isEqualTo(TypeShares.HISTORY);
    try (TextCtrModel model = ModelTestSupport.build(config, data, llm, null, null)) {
      NDList in = model.features(batch, manager);
      assertThat(in).hasSize(7);
      assertThat(in.get(6).getShape()).isEqualTo(new Shape(batch.size(), 4));
      Parameter w = model.block().getParameters().stream().filter(p -> p.getKey().endsWith("shareWeights"))
          .map(Pair::getValue).findFirst().orElseThrow();
      assertThat(model.isBackboneParameter("shareWeights")).isFalse();
      ParameterStore ps = new ParameterStore(manager, false);
      try (var scope = model.inference()) {
        assertThat(w.getArray().toFloatArray()).as("an untrained network is the paper's").containsOnly(0f);
        float[] before = model.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
        NDList other = new NDList(in.subNDList(0, 6));
        other.add(in.get(6).zerosLike());
        assertThat(model.block().forward(ps, other, false).singletonOrThrow().toFloatArray())
            .as("at zero weights the shares change nothing").containsExactly(before);
        float[] weights = {2f, -1f, 0.5f, 3f};
        w.getArray().set(weights);
        float[] after = model.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
        float[] shares = in.get(6).toFloatArray();
        for (int b = 0; b < batch.size(); b++) {
          float term = 0;
          for (int j = 0; j < 4; j++) {
            term += weights[j] * shares[4 * b + j];
          }
          assertThat(after[b] - before[b]).as("sample %d", b).isCloseTo(term, within(1e-5f));
        }
      }
    }
    ExperimentConfig none = ModelTestSupport.config(Variant.LLM_CTR, "sequence.typeShares=none");
    try (TextCtrModel model = ModelTestSupport.build(none, data, llm, null, null)) {
      assertThat(model.features(batch, manager)).hasSize(6);
      assertThat(model.block().getParameters().keys()).noneMatch(k -> k.endsWith("shareWeights"));
    }
    assertThatThrownBy(() -> ModelTestSupport.config(Variant.LLM_CTR, "sequence.typeShares=sometimes"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("typeShares");
  }

  private BehaviorSelector selector(int m) {
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "sequence.maxBehaviorsPerType=" + m,
        "sequence.textLength=1000");
    return new BehaviorSelector(List.of(LIKED, DISLIKED), config.sequence(), llm.tokenizer());
  }
}
