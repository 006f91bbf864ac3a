package dev.bahe.core.model;

import static dev.bahe.core.model.ModelTestSupport.DISLIKED;
import static dev.bahe.core.model.ModelTestSupport.LIKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ItemEncoding;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BaheModelTest {

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

  /** The behaviour texts of {@link #oneUser()}, then {@code more}. */
  private static List<String> oneUserTexts(String... more) {
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      all.add("liked thing " + i);
    }
    all.addAll(List.of("disliked early", "disliked late"));
    all.addAll(List.of(more));
    return all;
  }

  private static Dataset oneUser() {
    List<Behavior> behaviors = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      behaviors.add(new Behavior(LIKED, i * 10L, "liked thing " + i));
    }
    behaviors.add(new Behavior(DISLIKED, 15L, "disliked early"));
    behaviors.add(new Behavior(DISLIKED, 95L, "disliked late"));
    Item item = new Item("i", "the item");
    return new Dataset("one", List.of(LIKED, DISLIKED), Map.of("i", item),
        Map.of("u", UserHistory.of("u", behaviors)), List.of(new Impression("u", "i", 75L, 1)));
  }

  private static float[] plus(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  @Test
  void upperInputIsStoredVectorsPlusPositionsOfTheMostRecentMBeforeTheTimeAndNoneAfter() {
    Dataset data = oneUser();
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "sequence.textLength=1000",
        "sequence.itemEncoding=pooled");
    List<String> all = oneUserTexts("the item");
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      Map<String, float[]> vectors = ModelTestSupport.putRandom(store, all, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(config, data, llm, store, null)) {
        UpperEncoder encoder = (UpperEncoder) ((AssembledCtrModel) bahe).network().encoder();
        NDList f = bahe.features(data.impressions(), manager);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray input = encoder.upperInput(ps, f.get(0), f.get(1), true, false);
        assertThat(input.getShape()).isEqualTo(new Shape(2, 4, 32));
        // the per-behaviour position table starts as the backbone's learned positions 0..M-1
        NDArray positions = encoder.positionParameter().getArray();
        NDArray backbonePositions = llm.positionEmbeddings().orElseThrow().get(new NDIndex("0:4"));
        assertThat(positions.toFloatArray()).containsExactly(backbonePositions.toFloatArray());

        // liked before 75: times 10..70; the most recent M = 4 in time order: 40, 50, 60, 70
        List<String> wantLiked = List.of("liked thing 4", "liked thing 5", "liked thing 6", "liked thing 7");
        for (int j = 0; j < 4; j++) {
          float[] want = plus(vectors.get(wantLiked.get(j)), positions.get(j).toFloatArray());
          assertThat(input.get(0, j).toFloatArray()).as("liked slot %d", j).containsExactly(want);
        }
        // disliked before 75: only the one at 15; "disliked late" (95) is after the impression
        assertThat(input.get(1, 0).toFloatArray())
            .containsExactly(plus(vectors.get("disliked early"), positions.get(0).toFloatArray()));
        for (int j = 1; j < 4; j++) {
          assertThat(input.get(1, j).toFloatArray()).as("padding slot %d", j)
              .containsExactly(positions.get(j).toFloatArray());
        }
        assertThat(f.get(2).toLongArray()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
        // nothing at or after the impression time appears anywhere
        float[] gathered = f.get(0).toFloatArray();
        for (String later : List.of("liked thing 8", "liked thing 9", "liked thing 10", "disliked late")) {
          float[] v = vectors.get(later);
          for (int slot = 0; slot < 8; slot++) {
            assertThat(Arrays.copyOfRange(gathered, slot * 32, slot * 32 + 32)).isNotEqualTo(v);
          }
        }
        // the item is its stored vector as a length-1 sequence
        assertThat(f.get(3).getShape()).isEqualTo(new Shape(1, 1, 32));
        assertThat(f.get(3).toFloatArray()).containsExactly(vectors.get("the item"));
      }
    }
  }

  @Test
  void positionsFromTheNewestGiveEachRowsMostRecentBehaviourPositionZero() {
    Dataset data = oneUser();
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "sequence.textLength=1000",
        "sequence.itemEncoding=pooled", "sequence.positionOrigin=newest");
    List<String> all = oneUserTexts("the item");
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      Map<String, float[]> vectors = ModelTestSupport.putRandom(store, all, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(config, data, llm, store, null)) {
        UpperEncoder encoder = (UpperEncoder) ((AssembledCtrModel) bahe).network().encoder();
        NDList f = bahe.features(data.impressions(), manager);
        NDArray input = encoder.upperInput(new ParameterStore(manager, false), f.get(0), f.get(1), true, false);
        NDArray positions = encoder.positionParameter().getArray();
        // liked, oldest first: 40, 50, 60, 70; the newest (70, slot 3) reads P[0], the oldest (40, slot 0) P[3]
        List<String> liked = List.of("liked thing 4", "liked thing 5", "liked thing 6", "liked thing 7");
        for (int j = 0; j < 4; j++) {
          float[] want = plus(vectors.get(liked.get(j)), positions.get(3 - j).toFloatArray());
          assertThat(input.get(0, j).toFloatArray()).as("liked slot %d", j).containsExactly(want);
        }
        // disliked: one behaviour, the row's newest, so P[0] as from the oldest
        assertThat(input.get(1, 0).toFloatArray())
            .containsExactly(plus(vectors.get("disliked early"), positions.get(0).toFloatArray()));
        float logit = bahe.block().forward(new ParameterStore(manager, false), f, false).head().getFloat(0, 0);
        assertThat(logit).isFinite();
      }
    }
  }

  @Test
  void mAboveTheBackbonesPositionsStartsFromRepeatedRowsAndScores() {
    int pretrained = llm.descriptor().maxPositions();
    int m = pretrained + 8;
    Dataset data = oneUser();
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "sequence.maxBehaviorsPerType=" + m,
        "sequence.textLength=" + (4 * m), "sequence.itemEncoding=pooled");
    List<String> all = oneUserTexts("the item");
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      ModelTestSupport.putRandom(store, all, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(config, data, llm, store, null)) {
        NDArray positions = ((UpperEncoder) ((AssembledCtrModel) bahe).network().encoder()).positionParameter()
            .getArray();
        // one sequence per type of up to M behaviours: M rows, row P + j a copy of the backbone's row j
        assertThat(positions.getShape()).isEqualTo(new Shape(m, 32));
        NDArray backbone = llm.positionEmbeddings().orElseThrow();
        assertThat(positions.get(pretrained + 7).toFloatArray()).containsExactly(backbone.get(7).toFloatArray());
        assertThat(positions.get(pretrained - 1).toFloatArray())
            .containsExactly(backbone.get(pretrained - 1).toFloatArray());
        NDList f = bahe.features(data.impressions(), manager);
        float logit = bahe.block().forward(new ParameterStore(manager, false), f, false).head().getFloat(0, 0);
        assertThat(logit).isFinite();
      }
    }
  }

  @Test
  void historySummaryIsThePerTypeMeanOfAllStoredVectorsBeforeTheTimeAndTheHeadReadsIt() {
    Dataset data = oneUser();
    List<String> all = oneUserTexts("the item");
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "sequence.historySummary=mean");
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      Map<String, float[]> vectors = ModelTestSupport.putRandom(store, all, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(config, data, llm, store, null)) {
        NDList f = bahe.features(data.impressions(), manager);
        // six sequence arrays, the shares (default history), then the summary [B·N, d]
        assertThat(f).hasSize(8);
        NDArray summary = f.get(7);
        assertThat(summary.getShape()).isEqualTo(new Shape(2, 32));
        // liked before 75: all seven (times 10..70), not only the M = 4 the upper layers see
        float[] wantLiked = new float[32];
        for (int i = 1; i <= 7; i++) {
          float[] v = vectors.get("liked thing " + i);
          for (int j = 0; j < 32; j++) {
            wantLiked[j] += v[j] / 7f;
          }
        }
        assertThat(summary.get(0).toFloatArray()).containsExactly(wantLiked, org.assertj.core.data.Offset.offset(1e-6f));
        // disliked before 75: only the one at 15
        assertThat(summary.get(1).toFloatArray()).containsExactly(vectors.get("disliked early"));
        // Q_u gains one reduced vector per type: S + N = 4 of d̂ = 8
        assertThat(bahe.userSequences()).isEqualTo(4);
        NDList q = bahe.representations(data.impressions(), manager).orElseThrow();
        assertThat(q.get(0).getShape()).isEqualTo(new Shape(1, 32));
        // the summary reaches the logit: a user with other long-term history scores differently
        ParameterStore ps = new ParameterStore(manager, false);
        float before = bahe.block().forward(ps, f, false).head().getFloat(0, 0);
        NDList changed = new NDList(f);
        changed.set(7, summary.mul(-3f));
        float after = bahe.block().forward(ps, changed, false).head().getFloat(0, 0);
        assertThat(after).isNotEqualTo(before);
      }
    }
  }

  @Test
  void historySummaryIsOffByDefaultAndTheNetworkIsThePapers() {
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      Dataset data = oneUser();
      List<String> all = oneUserTexts();
      ModelTestSupport.putRandom(store, all, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(ModelTestSupport.config(Variant.BAHE), data, llm, store,
          null)) {
        assertThat(bahe.features(data.impressions(), manager)).hasSize(7);
        assertThat(bahe.userSequences()).isEqualTo(2);
      }
    }
  }

  @Test
  void itemTokensAreTheTitlesLowerLayerStatesAndTakeAbesItemPath() {
    Dataset data = oneUser();
    List<String> all = oneUserTexts();
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      ModelTestSupport.putRandom(store, all, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(ModelTestSupport.config(Variant.BAHE), data, llm, store, null);
          TextCtrModel abe = ModelTestSupport.build(ModelTestSupport.config(Variant.ABE), data, llm, null, null)) {
        NDList f = bahe.features(data.impressions(), manager);
        // the title's token states after the frozen lower layers, real tokens only; the model's cache also encoded
        // this one title alone (a batch of one, padded to its own length), so the same call gives the same bits
        var tokens = llm.tokenizer().encode(List.of("the item"), 16);
        NDArray lower = llm.lower(ModelTestSupport.SPLIT)
            .forward(new ParameterStore(manager, false), tokens.toNDList(manager), false, null).head();
        int len = tokens.lengths()[0];
        assertThat(f.get(3).getShape()).isEqualTo(new Shape(1, len, 32));
        assertThat(f.get(3).toFloatArray()).containsExactly(lower.get(new NDIndex("0, 0:{}", len)).toFloatArray());
        assertThat(f.get(5).toLongArray()).containsOnly(1L);
        // the same item input and the same item output as +ABE on the same upper layers: no behaviour positions
        NDList g = abe.features(data.impressions(), manager);
        assertThat(f.get(3).toFloatArray()).containsExactly(g.get(3).toFloatArray());
        for (int i = 4; i < 6; i++) {
          assertThat(f.get(i).toLongArray()).as("item mask %d", i).containsExactly(g.get(i).toLongArray());
        }
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray baheItem = ((AssembledCtrModel) bahe).network().encoder().forward(ps, f, false).get(1);
        NDArray abeItem = ((AssembledCtrModel) abe).network().encoder().forward(ps, g, false).get(1);
        assertThat(baheItem.toFloatArray()).containsExactly(abeItem.toFloatArray());
      }
    }
  }

  @Test
  void aTextMissingFromTheStoreWithoutAnEncoderIsAClearError() {
    Dataset data = oneUser();
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      ModelTestSupport.putRandom(store, List.of("the item"), 32);
      try (TextCtrModel bahe = ModelTestSupport.build(ModelTestSupport.config(Variant.BAHE), data, llm, store,
          null)) {
        assertThatThrownBy(() -> bahe.features(data.impressions(), manager))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("lacks")
            .hasMessageContaining("ABE pipeline");
      }
    }
  }

  @Test
  void aStoreFromAnotherSplitLayerIsRefused() {
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm, 2)) {
      assertThatThrownBy(() -> ModelTestSupport.build(ModelTestSupport.config(Variant.BAHE), oneUser(), llm, store,
          null)).hasMessageContaining("split layer 2");
    }
  }

  @ParameterizedTest
  @EnumSource(ItemEncoding.class)
  void trainingRunsTheLowerPartAtMostOncePerTitleAndLeavesItsParametersBitIdentical(ItemEncoding items) {
    Dataset data = ModelTestSupport.tinyDataset();
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "training.epochs=3", "training.batchSize=4",
        "training.headLearningRate=0.01", "training.backboneLearningRate=0.01", "sequence.itemEncoding=" + items);
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(data, store, encoder);
      int callsAfterAbe = encoder.calls.get();
      Map<String, float[]> lowerBefore = snapshot(llm.lower(ModelTestSupport.SPLIT).getParameters());
      Map<String, float[]> upperBefore = snapshot(llm.upper(ModelTestSupport.SPLIT).getParameters());
      try (TextCtrModel bahe = ModelTestSupport.build(config, data, llm, store, encoder)) {
        assertThat(llm.lower(ModelTestSupport.SPLIT).getParameters().values())
            .allMatch(p -> !p.requiresGradient());
        assertThat(bahe.block().getParameters().keys()).filteredOn(bahe::isBackboneParameter)
            .isNotEmpty()
            .allMatch(n -> n.contains("encoder"));
        float[] positionsBefore = ((UpperEncoder) ((AssembledCtrModel) bahe).network().encoder())
            .positionParameter().getArray().toFloatArray();
        TrainingResult result = Trainer.builder().setConfig(config).optLogEverySteps(0).build()
            .fit(bahe, data.impressions(), List.of());
        assertThat(result.steps()).isEqualTo(9);
        assertThat(encoder.calls.get()).as("encoder calls during training").isEqualTo(callsAfterAbe);
        // behaviours come from the store; item titles (tokens) are encoded once each, whatever the epochs
        long titles = data.impressions().stream().map(i -> data.item(i.itemId()).text()).distinct().count();
        assertThat(bahe.lowerPartEncodings()).isEqualTo(items == ItemEncoding.TOKENS ? titles : 0);
        Map<String, float[]> lowerAfter = snapshot(llm.lower(ModelTestSupport.SPLIT).getParameters());
        for (Map.Entry<String, float[]> e : lowerBefore.entrySet()) {
          assertThat(Arrays.equals(e.getValue(), lowerAfter.get(e.getKey()))).as("lower %s", e.getKey()).isTrue();
        }
        Map<String, float[]> upperAfter = snapshot(llm.upper(ModelTestSupport.SPLIT).getParameters());
        long changed = upperBefore.keySet().stream()
            .filter(k -> !Arrays.equals(upperBefore.get(k), upperAfter.get(k))).count();
        assertThat(changed).as("upper parameters trained").isPositive();
        float[] positionsAfter = ((UpperEncoder) ((AssembledCtrModel) bahe).network().encoder())
            .positionParameter().getArray().toFloatArray();
        assertThat(positionsAfter).isNotEqualTo(positionsBefore);
      }
    }
  }

  private static Map<String, float[]> snapshot(ai.djl.nn.ParameterList params) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : params) {
      out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }
}
