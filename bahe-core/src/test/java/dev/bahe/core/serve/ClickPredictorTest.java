package dev.bahe.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.model.ModelTestSupport;
import dev.bahe.core.model.Sample;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickPredictorTest {

  private LayeredLanguageModel llm;
  private Dataset dataset;

  @BeforeEach
  void setUp() {
    llm = ModelTestSupport.tinyBert();
    dataset = ModelTestSupport.tinyDataset();
  }

  @AfterEach
  void tearDown() {
    llm.close();
  }

  @Test
  void unseenBehavioursAndPooledItemsAreEncodedOnceWrittenBackAndScoredLikeTraining() {
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      int callsAfterAbe = encoder.calls.get();
      try (TextCtrModel bahe = ModelTestSupport.build(
          ModelTestSupport.config(Variant.BAHE, "sequence.itemEncoding=pooled"), dataset, llm, store, encoder)) {
        ClickPredictor predictor = new ClickPredictor(bahe);
        UserHistory base = dataset.history("u1");
        List<Behavior> behaviors = new ArrayList<>();
        for (var t : bahe.types()) {
          behaviors.addAll(base.all(t));
        }
        behaviors.add(new Behavior(ModelTestSupport.LIKED, 100L, "a brand new behaviour never seen"));
        UserHistory history = UserHistory.of("u1", behaviors);
        Item fresh = new Item("new", "an item nobody has seen");
        List<Item> candidates = List.of(dataset.item("i1"), fresh, dataset.item("i2"));

        float[] p = predictor.predict(history, 105L, candidates);

        assertThat(p).hasSize(3);
        for (float x : p) {
          assertThat(x).isStrictlyBetween(0f, 1f);
        }
        assertThat(encoder.calls.get() - callsAfterAbe).as("one on-the-fly encoder call").isEqualTo(1);
        long behaviourKey = BehaviorKeys.key("a brand new behaviour never seen");
        long itemKey = BehaviorKeys.key("an item nobody has seen");
        assertThat(store.contains(behaviourKey)).isTrue();
        assertThat(store.contains(itemKey)).isTrue();
        // the vector written back is the encoder's (alone it pads differently, so equal to float rounding)
        assertThat(store.get(itemKey).orElseThrow())
            .containsExactly(ModelTestSupport.djlEncoder(llm, ModelTestSupport.SPLIT)
                .encode(List.of("an item nobody has seen")), within(1e-5f));

        // now stored: a second request encodes nothing and gives the same probabilities
        float[] again = predictor.predict(history, 105L, candidates);
        assertThat(encoder.calls.get() - callsAfterAbe).isEqualTo(1);
        assertThat(again).containsExactly(p);

        // the serving path is the training path: same logits as the block on impression features
        List<Impression> imps = List.of(new Impression("u1", "i1", 105L, 1), new Impression("u1", "i2", 105L, 0));
        float[] viaTraining;
        try (NDManager m = bahe.manager().newSubManager()) {
          viaTraining = ai.djl.nn.Activation.sigmoid(bahe.block()
              .forward(new ParameterStore(m, false), bahe.features(imps, m), false).head()).toFloatArray();
        }
        // the dataset history lacks the new behaviour at 100, so compare with a request without it
        float[] served = predictor.predict(base, 105L, List.of(dataset.item("i1"), dataset.item("i2")));
        assertThat(served).containsExactly(viaTraining);
      }
    }
  }

  @Test
  void anUnseenItemTitleIsReadThroughTheLowerLayersOnceWhenItemsAreTokens() {
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      int callsAfterAbe = encoder.calls.get();
      try (TextCtrModel bahe = ModelTestSupport.build(ModelTestSupport.config(Variant.BAHE), dataset, llm, store,
          encoder)) {
        ClickPredictor predictor = new ClickPredictor(bahe);
        UserHistory history = dataset.history("u1");
        List<Item> known = List.of(dataset.item("i1"), dataset.item("i2"));
        float[] before = predictor.predict(history, 105L, known);
        long titlesRead = bahe.lowerPartEncodings();
        assertThat(titlesRead).as("the two known titles").isEqualTo(2);

        Item fresh = new Item("new", "an item nobody has seen");
        float[] p = predictor.predict(history, 105L, List.of(dataset.item("i1"), fresh, dataset.item("i2")));
        assertThat(bahe.lowerPartEncodings()).isEqualTo(titlesRead + 1);
        // behaviours still come from the store, items never go there
        assertThat(encoder.calls.get()).isEqualTo(callsAfterAbe);
        assertThat(store.contains(BehaviorKeys.key("an item nobody has seen"))).isFalse();
        // a candidate's score does not depend on the other candidates of the request (the longest title of a
        // request sets the padding, so equal to float rounding)
        assertThat(new float[] {p[0], p[2]}).containsExactly(before, within(1e-6f));
        assertThat(p[1]).isStrictlyBetween(0f, 1f);
        assertThat(predictor.predict(history, 105L, List.of(fresh))).containsExactly(new float[] {p[1]},
            within(1e-6f));
        assertThat(bahe.lowerPartEncodings()).isEqualTo(titlesRead + 1);
      }
    }
  }

  @Test
  void behavioursAtOrAfterTheRequestTimeDoNotChangeTheScores() {
    try (TextCtrModel fp = ModelTestSupport.build(ModelTestSupport.config(Variant.FP), dataset, llm, null, null)) {
      ClickPredictor predictor = new ClickPredictor(fp);
      UserHistory base = dataset.history("u2");
      List<Behavior> more = new ArrayList<>();
      for (var t : fp.types()) {
        more.addAll(base.all(t));
      }
      more.add(new Behavior(ModelTestSupport.LIKED, 60L, "something watched at request time"));
      more.add(new Behavior(ModelTestSupport.DISLIKED, 70L, "something watched later"));
      List<Item> candidates = List.of(dataset.item("i0"), dataset.item("i5"));
      float[] before = predictor.predict(base, 60L, candidates);
      float[] withFuture = predictor.predict(UserHistory.of("u2", more), 60L, candidates);
      assertThat(withFuture).containsExactly(before);
      float[] later = predictor.predict(UserHistory.of("u2", more), 61L, candidates);
      assertThat(later).isNotEqualTo(before);
      ClickPredictor.Representations r = predictor.represent(base, 60L, candidates);
      assertThat(r.user()).hasSize(2 * r.userDim());
      assertThat(r.userDim()).isEqualTo(2 * 8);
      assertThat(r.item()).hasSize(2 * 8);
    }
  }

  @Test
  void theUserSideComputedOnceScoresLikeTheWholeForwardPassForEveryVariant() {
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      String[][] setups = {{"bahe"}, {"bahe", "sequence.itemEncoding=pooled"}, {"bahe", "sequence.typeShares=history"},
          {"abe"}, {"fp"}, {"llm-ctr", "sequence.typeShares=selected"}};
      for (String[] setup : setups) {
        Variant variant = Variant.of(setup[0]);
        String[] overrides = java.util.Arrays.copyOfRange(setup, 1, setup.length);
        boolean bahe = variant == Variant.BAHE;
        try (TextCtrModel model = ModelTestSupport.build(ModelTestSupport.config(variant, overrides), dataset, llm,
            bahe ? store : null, bahe ? encoder : null)) {
          ClickPredictor predictor = new ClickPredictor(model);
          List<Item> candidates = List.of(dataset.item("i3"), dataset.item("i0"), dataset.item("i6"));
          for (String user : List.of("u1", "u4")) {
            UserHistory history = dataset.history(user);
            float[] whole = predictor.predict(history, 85L, candidates);
            ClickPredictor.UserSide side = predictor.user(history, 85L);
            float[] items = predictor.items(candidates);
            assertThat(items).hasSize(3 * predictor.itemDimension());
            assertThat(predictor.score(side, items)).as(String.join(" ", setup) + " " + user)
                .containsExactly(whole, within(1e-5f));
            // a user's scores move with the user's history
            assertThat(predictor.score(predictor.user(history, 25L), items)).isNotEqualTo(whole);
          }
        }
      }
    }
  }

  @Test
  void theUserOnlyPassGivesTheQuOfTheWholeForwardPassForEveryVariant() {
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      String[][] setups = {{"bahe"}, {"bahe", "sequence.itemEncoding=pooled"}, {"bahe", "sequence.typeShares=history"},
          {"bahe", "sequence.historySummary=mean"}, {"bahe", "sequence.interactions=product"},
          {"bahe", "sequence.userSequence=merged"}, {"abe"}, {"fp"},
          {"llm-ctr", "sequence.typeShares=selected"}};
      for (String[] setup : setups) {
        Variant variant = Variant.of(setup[0]);
        String[] overrides = java.util.Arrays.copyOfRange(setup, 1, setup.length);
        boolean bahe = variant == Variant.BAHE;
        try (TextCtrModel model = ModelTestSupport.build(ModelTestSupport.config(variant, overrides), dataset, llm,
            bahe ? store : null, bahe ? encoder : null)) {
          for (String user : List.of("u1", "u4")) {
            UserHistory history = dataset.history(user);
            float[] alone;
            float[] whole;
            try (NDManager m = model.manager().newSubManager()) {
              alone = model.userRepresentation(history, 85L, m).get(0).toFloatArray();
              // the whole pass over three samples of this user: Q_u is the same row whichever the item
              List<Sample> samples = List.of(new Sample(history, dataset.item("i3"), 85L),
                  new Sample(history, dataset.item("i0"), 85L), new Sample(history, dataset.item("i6"), 85L));
              whole = model.sampleRepresentations(samples, m).get(0).toFloatArray();
            }
            assertThat(alone).hasSize(model.userSequences() * model.reducedDim());
            assertThat(whole).hasSize(3 * alone.length);
            for (int row = 0; row < 3; row++) {
              // the same layers on the same user rows; only the reducer's batch differs (the user rows alone
              // against user and item rows together), which may pick another matrix kernel: equal to float
              // rounding of d-term dot products, 1e-5 on values of order 1
              assertThat(java.util.Arrays.copyOfRange(whole, row * alone.length, (row + 1) * alone.length))
                  .as(String.join(" ", setup) + " " + user + " sample " + row)
                  .containsExactly(alone, within(1e-5f));
            }
          }
        }
      }
    }
  }
}
