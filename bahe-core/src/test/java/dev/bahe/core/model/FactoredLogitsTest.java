package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.eval.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Oracle: the factored logits (user once per time, item once, head per impression) equal the full pass. */
class FactoredLogitsTest {

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

  /**
   * The tiny data's impressions and more of its users at its times with other items, repeated past one head pass
   * (1,024 impressions): users and items share passes, and the head runs in more than one batch.
   */
  private List<Impression> impressions() {
    List<Impression> base = new ArrayList<>(dataset.impressions());
    for (int u = 0; u < 6; u++) {
      base.add(new Impression("u" + u, "i" + ((u + 5) % 8), 55L, 1));
      base.add(new Impression("u" + u, "i" + ((u + 6) % 8), 125L, 0));
      base.add(new Impression("u" + u, "i" + ((u + 1) % 8), 95L, u % 2));
    }
    List<Impression> out = new ArrayList<>();
    while (out.size() <= 1100) {
      out.addAll(base);
    }
    return out;
  }

  @Test
  void factoredLogitsEqualTheFullPassForEveryVariantAndHeadInput() {
    List<Impression> impressions = impressions();
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      String[][] setups = {
          {"bahe"},
          {"bahe", "sequence.historySummary=mean", "sequence.interactions=product"},
          {"bahe", "sequence.userSequence=merged", "sequence.typeShares=none"},
          {"bahe", "sequence.itemEncoding=pooled", "sequence.positionOrigin=newest"},
          {"abe"}, {"fp"}, {"llm-ctr", "sequence.interactions=product"}};
      for (String[] setup : setups) {
        Variant variant = Variant.of(setup[0]);
        boolean stored = variant == Variant.BAHE || variant == Variant.ABE;
        try (TextCtrModel model = ModelTestSupport.build(
            ModelTestSupport.config(variant, Arrays.copyOfRange(setup, 1, setup.length)), dataset, llm,
            stored ? store : null, stored ? encoder : null);
            NDManager m = NDManager.newBaseManager()) {
          float[] factored = model.factoredLogits(impressions, 5, m).orElseThrow();
          float[] full = fullPass(model, impressions, m);
          // batches of 5 users or items and of 1,024 head rows against batches of 8 impressions: other shapes,
          // other kernels, equal to float rounding on logits of order 1
          assertThat(factored).as(String.join(" ", setup)).containsExactly(full, within(1e-5f));
        }
      }
    }
  }

  @Test
  void theEvaluatorScoresFactoredAsTheFullPassWould() {
    List<Impression> impressions = impressions();
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder);
        NDManager m = NDManager.newBaseManager()) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      try (TextCtrModel model = ModelTestSupport.build(ModelTestSupport.config(Variant.BAHE), dataset, llm, store,
          encoder)) {
        double[] p = new Evaluator(8).predict(model, impressions);
        float[] full = fullPass(model, impressions, m);
        for (int i = 0; i < p.length; i++) {
          assertThat(p[i]).isCloseTo(Evaluator.sigmoid(full[i]), within(1e-6));
        }
        assertThatThrownBy(() -> model.factoredLogits(impressions, 0, m))
            .hasMessageContaining("passSize must be positive");
      }
    }
  }

  private static float[] fullPass(TextCtrModel model, List<Impression> impressions, NDManager manager) {
    float[] out = new float[impressions.size()];
    int offset = 0;
    try (InferenceScope scope = model.inference()) {
      for (int from = 0; from < impressions.size(); from += 8) {
        List<Impression> batch = impressions.subList(from, Math.min(impressions.size(), from + 8));
        try (NDManager b = manager.newSubManager()) {
          NDList input = model.features(batch, b);
          float[] logits = model.block().forward(new ParameterStore(b, false), input, false).singletonOrThrow()
              .toFloatArray();
          System.arraycopy(logits, 0, out, offset, logits.length);
          offset += logits.length;
        }
      }
    }
    return out;
  }
}
