package dev.bahe.core.model;

import static dev.bahe.core.model.ModelTestSupport.DISLIKED;
import static dev.bahe.core.model.ModelTestSupport.LIKED;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ExperimentConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BAHE's {@code sequence.userSequence: merged}: one time-ordered sequence of all types' selected behaviours. */
class MergedUserSequenceTest {

  private static final List<String> TEXTS = List.of("liked a", "disliked b", "liked c", "liked d", "disliked e",
      "liked late", "the item");

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

  /** One user whose liked and disliked behaviours interleave in time; "disliked e" ties with "liked d". */
  private static Dataset interleaved() {
    List<Behavior> behaviors = List.of(new Behavior(LIKED, 10L, "liked a"), new Behavior(DISLIKED, 20L, "disliked b"),
        new Behavior(LIKED, 30L, "liked c"), new Behavior(LIKED, 40L, "liked d"),
        new Behavior(DISLIKED, 40L, "disliked e"), new Behavior(LIKED, 90L, "liked late"));
    Item item = new Item("i", "the item");
    return new Dataset("interleaved", List.of(LIKED, DISLIKED), Map.of("i", item),
        Map.of("u", UserHistory.of("u", behaviors)), List.of(new Impression("u", "i", 50L, 1)));
  }

  private static ExperimentConfig merged(String... more) {
    String[] overrides = new String[more.length + 2];
    overrides[0] = "sequence.userSequence=merged";
    overrides[1] = "sequence.textLength=1000";
    System.arraycopy(more, 0, overrides, 2, more.length);
    return ModelTestSupport.config(Variant.BAHE, overrides);
  }

  @Test
  void theUpperLayersReadAllTypesInTimeOrderWithTheirPositionsAndTypeOneHot() {
    Dataset data = interleaved();
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      Map<String, float[]> vectors = ModelTestSupport.putRandom(store, TEXTS, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(merged(), data, llm, store, null)) {
        NDList f = bahe.features(data.impressions(), manager);
        // six sequence arrays, the type one-hot, the shares
        assertThat(f).hasSize(8);
        assertThat(bahe.userSequences()).isEqualTo(1);
        // before 50, oldest first; the tie at 40 in the dataset's type order (liked, then disliked)
        List<String> order = List.of("liked a", "disliked b", "liked c", "liked d", "disliked e");
        assertThat(f.get(0).getShape()).isEqualTo(new Shape(1, 5, 32));
        for (int j = 0; j < order.size(); j++) {
          assertThat(f.get(0).get(0, j).toFloatArray()).as("position %d", j).containsExactly(vectors.get(order.get(j)));
        }
        assertThat(f.get(2).toLongArray()).containsExactly(1, 1, 1, 1, 1);
        assertThat(f.get(6).getShape()).isEqualTo(new Shape(1, 5, 2));
        assertThat(f.get(6).toFloatArray()).containsExactly(1, 0, 0, 1, 1, 0, 1, 0, 0, 1);

        // the position table spans the merged sequence: M = 4 of each of the two types
        UpperEncoder encoder = (UpperEncoder) ((AssembledCtrModel) bahe).network().encoder();
        NDArray positions = encoder.positionParameter().getArray();
        assertThat(positions.getShape()).isEqualTo(new Shape(8, 32));
        NDArray input = encoder.upperInput(new ParameterStore(manager, false), f.get(0), f.get(1), true, false);
        assertThat(input.get(0, 3).toFloatArray())
            .containsExactly(plus(vectors.get("liked d"), positions.get(3).toFloatArray()));
      }
    }
  }

  @Test
  void theTypeEmbeddingStartsAtZeroTrainsAtTheHeadsRateAndReachesTheLogit() {
    Dataset data = interleaved();
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      ModelTestSupport.putRandom(store, TEXTS, 32);
      try (TextCtrModel bahe = ModelTestSupport.build(merged(), data, llm, store, null)) {
        Pair<String, Parameter> types = bahe.block().getParameters().stream()
            .filter(p -> p.getKey().endsWith("behaviorTypes")).findFirst().orElseThrow();
        assertThat(types.getValue().getArray().getShape()).isEqualTo(new Shape(2, 32));
        assertThat(types.getValue().getArray().abs().max().getFloat()).isZero();
        // a new parameter, not the pretrained backbone's: it trains at training.headLearningRate
        assertThat(bahe.isBackboneParameter(types.getKey())).isFalse();

        NDList f = bahe.features(data.impressions(), manager);
        ParameterStore ps = new ParameterStore(manager, false);
        float before = bahe.block().forward(ps, f, false).head().getFloat(0, 0);
        types.getValue().getArray().set(ones(64, 0.5f));
        float liked = bahe.block().forward(ps, f, false).head().getFloat(0, 0);
        assertThat(liked).isNotEqualTo(before);
        // which type a behaviour is matters: swapping the one-hot changes the score
        NDList swapped = new NDList(f);
        swapped.set(6, f.get(6).flip(2));
        types.getValue().getArray().set(alternating(64));
        float typed = bahe.block().forward(ps, f, false).head().getFloat(0, 0);
        float swappedTypes = bahe.block().forward(ps, swapped, false).head().getFloat(0, 0);
        assertThat(swappedTypes).isNotEqualTo(typed);
      }
    }
  }

  @Test
  void aMergedSequenceLongerThanTheBackbonesPositionsStartsFromRepeatedRows() {
    int pretrained = llm.descriptor().maxPositions();
    int m = pretrained;
    Dataset data = interleaved();
    try (BehaviorStore store = ModelTestSupport.memoryStore(llm)) {
      ModelTestSupport.putRandom(store, TEXTS, 32);
      ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "sequence.userSequence=merged",
          "sequence.maxBehaviorsPerType=" + m, "sequence.textLength=" + (4 * pretrained));
      try (TextCtrModel bahe = ModelTestSupport.build(config, data, llm, store, null)) {
        NDArray positions = ((UpperEncoder) ((AssembledCtrModel) bahe).network().encoder()).positionParameter()
            .getArray();
        // two types of M behaviours each: 2·M rows, row M + j a copy of the backbone's row j
        assertThat(positions.getShape()).isEqualTo(new Shape(2L * m, 32));
        NDArray backbone = llm.positionEmbeddings().orElseThrow();
        assertThat(positions.get(m + 7).toFloatArray()).containsExactly(backbone.get(7).toFloatArray());
        assertThat(positions.get(m - 1).toFloatArray()).containsExactly(backbone.get(m - 1).toFloatArray());
      }
    }
  }

  @Test
  void otherVariantsKeepOneSequencePerType() {
    // ABE reads token states, no store: the merged sequence is BAHE's and the option leaves ABE per type
    ExperimentConfig abe = ModelTestSupport.config(Variant.ABE, "sequence.userSequence=merged");
    try (TextCtrModel model = ModelTestSupport.build(abe, interleaved(), llm, null, null)) {
      assertThat(model.userSequences()).isEqualTo(2);
    }
  }

  private static float[] plus(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static float[] ones(int n, float value) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, value);
    return out;
  }

  /** Row 0 all +1, row 1 all -1 (two rows of 32). */
  private static float[] alternating(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < n / 2 ? 1f : -1f;
    }
    return out;
  }
}
