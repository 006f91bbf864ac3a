package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.core.train.Trainer;
import dev.bahe.core.train.TrainingResult;
import dev.bahe.encoders.TinyBert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LLM-CTR and FP with texts longer than the backbone's 512 learned positions: the assembly extends the table
 * (Longformer copy initialisation) instead of refusing, trains, and checkpoints the grown table.
 */
class LongTextPositionsTest {

  private static final String[] WORDS = {"rocket", "pasta", "piano", "mountain", "river", "garden", "chess",
      "violin", "desert", "harbour", "comet", "bakery"};

  /** 6 users with 12 behaviours of about 60 tokens each, alternating between the two types. */
  private static Dataset longTextDataset() {
    Map<String, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      items.put("i" + i, new Item("i" + i, "item " + i + " about " + WORDS[i]));
    }
    Map<String, UserHistory> histories = new LinkedHashMap<>();
    List<Impression> impressions = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      List<Behavior> behaviors = new ArrayList<>();
      for (int j = 1; j <= 12; j++) {
        StringBuilder text = new StringBuilder("watched video " + j);
        for (int w = 0; w < 55; w++) {
          text.append(' ').append(WORDS[(u + j + w) % WORDS.length]);
        }
        behaviors.add(new Behavior(j % 2 == 0 ? ModelTestSupport.DISLIKED : ModelTestSupport.LIKED, j * 10L,
            text.toString()));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
      impressions.add(new Impression("u" + u, "i" + (u % 4), 150L, u % 2));
      impressions.add(new Impression("u" + u, "i" + ((u + 1) % 4), 160L, (u + 1) % 2));
    }
    return new Dataset("long", List.of(ModelTestSupport.LIKED, ModelTestSupport.DISLIKED), items, histories,
        impressions);
  }

  private static ExperimentConfig config(Variant variant, int textLength) {
    return ModelTestSupport.config(variant, "sequence.textLength=" + textLength, "sequence.behaviorTokens=64",
        "sequence.maxBehaviorsPerType=12", "training.batchSize=4", "training.microBatchSize=4");
  }

  @Test
  void llmCtrBeyondTheTableExtendsItTrainsAndRestoresFromACheckpoint() {
    Dataset dataset = longTextDataset();
    ExperimentConfig config = config(Variant.LLM_CTR, 1024);
    try (LayeredLanguageModel llm = ModelTestSupport.tinyBert(); LayeredLanguageModel other =
        ModelTestSupport.tinyBert()) {
      assertThat(llm.descriptor().maxPositions()).isEqualTo(TinyBert.MAX_POSITIONS);
      float[] original = llm.positionEmbeddings().orElseThrow().toFloatArray();
      // the samples really are longer than the pretrained table
      BehaviorSelector selector = new BehaviorSelector(dataset.types(), config.sequence(), llm.tokenizer());
      String text = TextFeatures.concatenatedText(dataset.types(),
          selector.select(dataset.histories().get("u0"), 150L));
      assertThat(llm.tokenizer().countTokens(text)).isGreaterThan(600);
      try (TextCtrModel model = ModelTestSupport.build(config, dataset, llm, null, null)) {
        assertThat(llm.descriptor().maxPositions()).isEqualTo(1024);
        float[] grown = llm.positionEmbeddings().orElseThrow().toFloatArray();
        int rows = TinyBert.MAX_POSITIONS * llm.descriptor().hiddenSize();
        assertThat(java.util.Arrays.copyOfRange(grown, 0, rows)).containsExactly(original);
        assertThat(java.util.Arrays.copyOfRange(grown, rows, 2 * rows)).containsExactly(original);

        TrainingResult result = Trainer.builder().setConfig(config).optLogEverySteps(0).build()
            .fit(model, dataset.impressions(), List.of());
        assertThat(result.steps()).isPositive();
        assertThat(result.finalTrainLoss()).isFinite();
        float[] trained = llm.positionEmbeddings().orElseThrow().toFloatArray();
        assertThat(java.util.Arrays.copyOfRange(trained, rows, 2 * rows))
            .isNotEqualTo(java.util.Arrays.copyOfRange(grown, rows, 2 * rows));

        Evaluator evaluator = new Evaluator(4);
        double[] predictions = evaluator.predict(model, dataset.impressions());
        byte[] saved = Checkpoints.saveParameters(model);
        try (TextCtrModel restored = ModelTestSupport.build(config, dataset, other, null, null)) {
          Checkpoints.loadParameters(restored, saved, "test bytes");
          assertThat(evaluator.predict(restored, dataset.impressions())).containsExactly(predictions);
          assertThat(other.positionEmbeddings().orElseThrow().toFloatArray()).containsExactly(trained);
        }
      }
    }
  }

  @Test
  void fpWithPerTypeTextsBeyondTheTableExtendsIt() {
    Dataset dataset = longTextDataset();
    try (LayeredLanguageModel llm = ModelTestSupport.tinyBert();
        TextCtrModel model = ModelTestSupport.build(config(Variant.FP, 1200), dataset, llm, null, null)) {
      assertThat(llm.descriptor().maxPositions()).isEqualTo(600);
      assertThat(java.util.Arrays.stream(new Evaluator(4).predict(model, dataset.impressions()))).allMatch(Double::isFinite);
    }
  }

  @Test
  void withinTheTableNothingIsExtended() {
    Dataset dataset = longTextDataset();
    try (LayeredLanguageModel llm = ModelTestSupport.tinyBert();
        TextCtrModel model = ModelTestSupport.build(config(Variant.LLM_CTR, 512), dataset, llm, null, null)) {
      assertThat(llm.descriptor().maxPositions()).isEqualTo(TinyBert.MAX_POSITIONS);
      assertThat(model.variant()).isEqualTo(Variant.LLM_CTR);
    }
  }
}
