package dev.bahe.core.model;

import static dev.bahe.core.model.ModelTestSupport.DISLIKED;
import static dev.bahe.core.model.ModelTestSupport.LIKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.TokenizedBatch;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ExperimentConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The four variants read the same behaviours (one selection), FP's batched pass equals its per-type pass, and
 * empty sequences stay finite.
 */
class VariantFeaturesTest {

  private LayeredLanguageModel llm;
  private Dataset dataset;
  private List<Sample> samples;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    llm = ModelTestSupport.tinyBert();
    manager = llm.manager().newSubManager();
    dataset = ModelTestSupport.tinyDataset();
    samples = new ArrayList<>();
    for (Impression imp : dataset.impressions()) {
      samples.add(new Sample(dataset.history(imp.userId()), dataset.item(imp.itemId()), imp.timestamp()));
    }
    // a user without any behaviour before the impression: both sequences are empty
    samples.add(new Sample(dataset.history("u0"), dataset.item("i1"), 5L));
    samples.add(new Sample(UserHistory.empty("nobody"), dataset.item("i2"), 500L));
  }

  @AfterEach
  void tearDown() {
    manager.close();
    llm.close();
  }

  /** Budget-limited config: T = 56, so 28 tokens per type (3 behaviours of 8 tokens), M = 4. */
  private ExperimentConfig config(Variant v) {
    return ModelTestSupport.config(v, "sequence.textLength=56");
  }

  private static String typeText(String label, List<AtomicText> texts) {
    if (texts.isEmpty()) {
      return "";
    }
    return label + ": " + String.join("; ", texts.stream().map(AtomicText::text).toList()) + ".";
  }

  private static long[] realIds(NDArray ids, NDArray mask, int row) {
    long[] i = ids.get(row).toLongArray();
    long[] m = mask.get(row).toLongArray();
    int n = 0;
    while (n < m.length && m[n] != 0) {
      n++;
    }
    return java.util.Arrays.copyOf(i, n);
  }

  private long[] tokens(String text) {
    TokenizedBatch b = llm.tokenizer().encode(List.of(text), 10_000);
    return b.ids();
  }

  @Test
  void allFourVariantsSeeExactlyTheSameSelectedBehaviours() {
    List<SelectedBehaviors> expected = new ArrayList<>();
    BehaviorSelector selector;
    try (TextCtrModel llmCtr = ModelTestSupport.build(config(Variant.LLM_CTR), dataset, llm, null, null)) {
      selector = llmCtr.selector();
      for (Sample s : samples) {
        expected.add(selector.select(s.history(), s.time()));
      }
      // the selection is budget-limited here, not only M-limited, and never uses behaviours at or after t
      assertThat(expected.get(0).behaviors().get(0)).hasSizeBetween(1, 3);
      for (int b = 0; b < samples.size(); b++) {
        long t = samples.get(b).time();
        for (List<Behavior> l : expected.get(b).behaviors()) {
          assertThat(l).allMatch(x -> x.timestamp() < t);
        }
      }
      NDList f = llmCtr.sampleFeatures(samples, manager);
      for (int b = 0; b < samples.size(); b++) {
        List<List<AtomicText>> t = expected.get(b).texts();
        String text = String.join(" ", java.util.stream.Stream.of(typeText("liked", t.get(0)),
            typeText("disliked", t.get(1))).filter(x -> !x.isEmpty()).toList());
        long[] want = tokens(text);
        assertThat(want.length).as("the concatenated text fits T untruncated").isLessThanOrEqualTo(56);
        assertThat(realIds(f.get(0), f.get(1), b)).as("LLM-CTR text of sample %d", b).containsExactly(want);
      }
    }
    try (TextCtrModel fp = ModelTestSupport.build(config(Variant.FP), dataset, llm, null, null)) {
      NDList f = fp.sampleFeatures(samples, manager);
      assertThat(f.get(0).getShape().get(0)).isEqualTo(samples.size() * 2L);
      for (int b = 0; b < samples.size(); b++) {
        for (int n = 0; n < 2; n++) {
          String label = n == 0 ? LIKED.name() : DISLIKED.name();
          long[] want = tokens(typeText(label, expected.get(b).texts().get(n)));
          assertThat(want.length).isLessThanOrEqualTo(28);
          assertThat(realIds(f.get(0), f.get(1), b * 2 + n)).containsExactly(want);
          long pooled = f.get(2).get(b * 2 + n).sum().getLong();
          assertThat(pooled).isEqualTo(expected.get(b).texts().get(n).isEmpty() ? 0 : want.length);
        }
      }
    }
    try (TextCtrModel abe = ModelTestSupport.build(config(Variant.ABE), dataset, llm, null, null)) {
      NDList f = abe.sampleFeatures(samples, manager);
      ParameterStore ps = new ParameterStore(manager, false);
      for (int b = 0; b < samples.size(); b++) {
        for (int n = 0; n < 2; n++) {
          List<AtomicText> seq = expected.get(b).texts().get(n);
          int row = b * 2 + n;
          int pos = 0;
          for (AtomicText t : seq) {
            // the lower-layer token states of this behaviour alone, computed here independently
            TokenizedBatch tb = llm.tokenizer().encode(List.of(t.text()), 16);
            NDArray states = llm.lower(ModelTestSupport.SPLIT).forward(ps, tb.toNDList(manager), false).head()
                .get(0);
            NDArray got = f.get(0).get(new NDIndex("{}, {}:{}", row, pos, pos + tb.length()));
            assertThat(got.sub(states).abs().max().getFloat()).isLessThan(1e-5f);
            pos += tb.length();
          }
          assertThat(f.get(2).get(row).sum().getLong()).as("ABE positions of row %d", row).isEqualTo(pos);
        }
      }
      assertThat(abe.lowerPartEncodings()).isPositive();
    }
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      try (TextCtrModel bahe = ModelTestSupport.build(config(Variant.BAHE), dataset, llm, store, encoder)) {
        NDList f = bahe.sampleFeatures(samples, manager);
        // padded to the batch's longest selected sequence, at most M = 4
        int longest = expected.stream().flatMap(e -> e.texts().stream()).mapToInt(List::size).max().orElseThrow();
        assertThat(longest).isBetween(1, 4);
        assertThat(f.get(0).getShape()).isEqualTo(new Shape(samples.size() * 2L, Math.max(1, longest), 32));
        for (int b = 0; b < samples.size(); b++) {
          for (int n = 0; n < 2; n++) {
            List<AtomicText> seq = expected.get(b).texts().get(n);
            int row = b * 2 + n;
            for (int j = 0; j < longest; j++) {
              float[] got = f.get(0).get(row, j).toFloatArray();
              float[] want = j < seq.size() ? store.get(seq.get(j).key()).orElseThrow() : new float[32];
              assertThat(got).as("BAHE row %d slot %d", row, j).containsExactly(want);
            }
            assertThat(f.get(2).get(row).sum().getLong()).isEqualTo(seq.size());
          }
        }
      }
    }
  }

  @Test
  void fpBatchedPassEqualsThePerTypeSequentialPass() {
    try (TextCtrModel fp = ModelTestSupport.build(config(Variant.FP), dataset, llm, null, null)) {
      AssembledCtrModel model = (AssembledCtrModel) fp;
      FullTextEncoder encoder = (FullTextEncoder) model.network().encoder();
      ParameterStore ps = new ParameterStore(manager, false);
      NDList f = fp.sampleFeatures(samples, manager);
      // one call over B·N sequences
      NDArray batched = encoder.encode(ps, f.get(0), f.get(1), f.get(2), false, null);
      TextFeatures texts = TextFeatures.perType(fp.selector(), llm.tokenizer());
      List<SelectedBehaviors> selections = samples.stream().map(s -> fp.selector().select(s.history(), s.time()))
          .toList();
      List<String> all = texts.userTexts(selections);
      for (int n = 0; n < 2; n++) {
        // type n alone, for every sample, padded only to its own longest text
        List<String> typeTexts = new ArrayList<>();
        long[] pool = null;
        for (int b = 0; b < samples.size(); b++) {
          typeTexts.add(all.get(b * 2 + n));
        }
        TokenizedBatch tb = llm.tokenizer().encode(typeTexts, fp.selector().budgetPerType());
        pool = tb.mask().clone();
        for (int b = 0; b < samples.size(); b++) {
          if (typeTexts.get(b).isEmpty()) {
            Masks.clearRow(pool, b, tb.length());
          }
        }
        Shape shape = new Shape(samples.size(), tb.length());
        NDArray sequential = encoder.encode(ps, manager.create(tb.ids(), shape), manager.create(tb.mask(), shape),
            manager.create(pool, shape), false, null);
        NDArray rows = batched.get(new NDIndex("{}::2", n));
        assertThat(rows.getShape()).isEqualTo(sequential.getShape());
        assertThat(rows.sub(sequential).abs().max().getFloat()).as("type %d", n).isLessThan(1e-5f);
        assertThat(sequential.abs().sum().getFloat()).isPositive();
      }
    }
  }

  @Test
  void emptySequencesPoolToZerosAndGiveFiniteLogitsInEveryVariant() {
    int empty = samples.size() - 1;
    for (Variant v : Variant.values()) {
      try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
          BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
        ModelTestSupport.fillStore(dataset, store, encoder);
        try (TextCtrModel model = ModelTestSupport.build(config(v), dataset, llm, store, encoder)) {
          NDList f = model.sampleFeatures(samples, manager);
          ParameterStore ps = new ParameterStore(manager, false);
          NDList pooled = ((AssembledCtrModel) model).network().encoder().forward(ps, f, false);
          int s = model.userSequences();
          for (int n = 0; n < s; n++) {
            assertThat(pooled.get(0).get(empty * s + n).abs().sum().getFloat()).as("%s empty row", v).isZero();
          }
          float[] logits = model.block().forward(ps, f, false).head().toFloatArray();
          assertThat(logits).hasSize(samples.size());
          for (float x : logits) {
            assertThat(Float.isFinite(x)).as("%s logit finite", v).isTrue();
          }
          NDList q = model.sampleRepresentations(samples, manager);
          assertThat(q.get(0).getShape()).isEqualTo(new Shape(samples.size(), (long) s * 8));
          assertThat(q.get(1).getShape()).isEqualTo(new Shape(samples.size(), 8));
        }
      }
    }
  }

  @Test
  void theSameItemTextGivesTheSameItemRepresentationWhateverTheUser() {
    Item item = dataset.item("i3");
    List<Sample> two = List.of(new Sample(dataset.history("u1"), item, 55L), new Sample(dataset.history("u2"), item,
        125L));
    try (TextCtrModel fp = ModelTestSupport.build(config(Variant.FP), dataset, llm, null, null)) {
      NDList q = fp.sampleRepresentations(two, manager);
      assertThat(q.get(1).get(0).sub(q.get(1).get(1)).abs().max().getFloat()).isLessThan(1e-6f);
      assertThat(q.get(0).get(0).sub(q.get(0).get(1)).abs().max().getFloat()).isGreaterThan(1e-6f);
    }
  }
}
