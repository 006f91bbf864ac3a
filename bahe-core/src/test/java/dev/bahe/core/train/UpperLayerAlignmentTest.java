package dev.bahe.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.AlignmentOptions;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.model.AlignableUpperLayers;
import dev.bahe.core.model.AlignmentCorpus;
import dev.bahe.core.model.ModelTestSupport;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The alignment of BAHE's upper layers before click training: its targets are the whole backbone's output, it
 * lowers the upper layers' error on stored vectors while the head stays bit-identical, it is deterministic, and the
 * trainer runs exactly it before a fresh run's first step.
 */
class UpperLayerAlignmentTest {

  private static final AlignmentOptions OPTIONS = new AlignmentOptions(100, 4, 1e-3);

  @Test
  void theTargetsAreTheWholeBackbonesPooledOutputOfEachStoredText() {
    withBahe(ModelTestSupport.config(Variant.BAHE), (model, llm, store) -> {
      AlignmentCorpus corpus;
      try (NDManager m = NDManager.newBaseManager()) {
        corpus = model.alignableUpperLayers().orElseThrow().corpus(m);
      }
      assertThat(corpus.size()).isEqualTo(store.size()).isPositive();
      int d = corpus.dimension();
      // the "djl" encoder cut after the last layer is the whole backbone with mean pooling: an independent path
      int layers = llm.descriptor().numLayers();
      try (BehaviorEncoder whole = ModelTestSupport.djlEncoder(llm, layers)) {
        List<Long> keys = new java.util.ArrayList<>();
        store.forEachKey(keys::add);
        keys.sort(null);
        for (int i = 0; i < keys.size(); i++) {
          long key = keys.get(i);
          float[] expected = whole.encode(List.of(store.text(key).orElseThrow()));
          float[] stored = store.get(key).orElseThrow();
          for (int j = 0; j < d; j++) {
            // padded batches of 64 against a batch of one: equal up to float rounding
            assertThat(corpus.targets()[i * d + j]).isCloseTo(expected[j], within(1e-5f));
            assertThat(corpus.vectors()[i * d + j]).isEqualTo(stored[j]);
          }
        }
      }
      return null;
    });
  }

  @Test
  void alignmentLowersTheErrorOnStoredVectorsAndLeavesEveryOtherParameterBitIdentical() {
    withBahe(ModelTestSupport.config(Variant.BAHE), (model, llm, store) -> {
      AlignableUpperLayers layers = model.alignableUpperLayers().orElseThrow();
      List<TrainableParameter> params = Trainer.trainableParameters(model);
      Map<String, float[]> before = values(params);
      try (NDManager m = NDManager.newBaseManager()) {
        AlignmentCorpus corpus = layers.corpus(m);
        double errorBefore = meanSquaredError(model, layers, corpus, m);
        UpperLayerAlignment.Report report = UpperLayerAlignment.run(layers, params, OPTIONS, 8, 42L, m);
        double errorAfter = meanSquaredError(model, layers, corpus, m);

        assertThat(report.steps()).isEqualTo(OPTIONS.steps());
        assertThat(report.behaviours()).isEqualTo(corpus.size());
        assertThat(report.lastLoss()).isLessThan(report.firstLoss());
        assertThat(errorAfter).as("error over every stored vector, alone, in inference mode")
            .isLessThan(0.5 * errorBefore);
      }
      Map<String, float[]> after = values(params);
      int changed = 0;
      for (TrainableParameter p : params) {
        boolean same = Arrays.equals(before.get(p.name()), after.get(p.name()));
        if (p.backbone()) {
          changed += same ? 0 : 1;
        } else {
          assertThat(same).as("%s (not backbone) untouched", p.name()).isTrue();
        }
      }
      assertThat(changed).as("upper-layer parameters updated").isPositive();
      for (TrainableParameter p : params) {
        float[] g = p.parameter().getArray().getGradient().toFloatArray();
        assertThat(g).as("gradient of %s cleared", p.name()).containsOnly(0f);
      }
      return null;
    });
  }

  @Test
  void sequencesLongerThanTheBehaviourPositionsAreCutToThem() {
    withBahe(ModelTestSupport.config(Variant.BAHE), (model, llm, store) -> {
      AlignableUpperLayers layers = model.alignableUpperLayers().orElseThrow();
      assertThat(layers.maxSequenceLength()).isEqualTo(4);
      try (NDManager m = NDManager.newBaseManager()) {
        // maxLength 50 against M = 4: every batch fits the position table instead of failing on it
        UpperLayerAlignment.Report r = UpperLayerAlignment.run(layers, Trainer.trainableParameters(model),
            new AlignmentOptions(30, 50, 1e-3), 8, 42L, m);
        assertThat(r.steps()).isEqualTo(30);
        assertThat(r.lastLoss()).isFinite();
      }
      return null;
    });
  }

  @Test
  void aStoreLargerThanTheStepsCanReadIsSampledBySeed() {
    withBahe(ModelTestSupport.config(Variant.BAHE), (model, llm, store) -> {
      AlignableUpperLayers layers = model.alignableUpperLayers().orElseThrow();
      try (NDManager m = NDManager.newBaseManager()) {
        AlignmentCorpus all = layers.corpus(m);
        AlignmentCorpus sample = layers.corpus(5, 3L, m);
        AlignmentCorpus again = layers.corpus(5, 3L, m);
        AlignmentCorpus other = layers.corpus(5, 4L, m);
        assertThat(all.size()).isEqualTo(store.size()).isGreaterThan(5);
        assertThat(sample.size()).isEqualTo(5);
        assertThat(again.vectors()).isEqualTo(sample.vectors());
        assertThat(other.vectors()).isNotEqualTo(sample.vectors());
        // every sampled row is a stored behaviour with its own target
        int d = all.dimension();
        for (int i = 0; i < sample.size(); i++) {
          float[] row = Arrays.copyOfRange(sample.vectors(), i * d, (i + 1) * d);
          int at = -1;
          for (int j = 0; j < all.size() && at < 0; j++) {
            if (Arrays.equals(row, Arrays.copyOfRange(all.vectors(), j * d, (j + 1) * d))) {
              at = j;
            }
          }
          assertThat(at).as("sampled row %s is stored", i).isNotNegative();
          assertThat(Arrays.copyOfRange(sample.targets(), i * d, (i + 1) * d))
              .containsExactly(Arrays.copyOfRange(all.targets(), at * d, (at + 1) * d), within(1e-5f));
        }
      }
      return null;
    });
  }

  @Test
  void theSameSeedGivesBitIdenticalAlignedParameters() {
    Function<Long, Map<String, float[]>> aligned = seed -> withBahe(ModelTestSupport.config(Variant.BAHE),
        (model, llm, store) -> {
          List<TrainableParameter> params = Trainer.trainableParameters(model);
          try (NDManager m = NDManager.newBaseManager()) {
            UpperLayerAlignment.run(model.alignableUpperLayers().orElseThrow(), params, OPTIONS, 8, seed, m);
          }
          return values(params);
        });
    Map<String, float[]> first = aligned.apply(7L);
    Map<String, float[]> second = aligned.apply(7L);
    Map<String, float[]> otherSeed = aligned.apply(8L);
    assertThat(first.keySet()).isEqualTo(second.keySet());
    boolean anyDiffers = false;
    for (String name : first.keySet()) {
      assertThat(Arrays.equals(first.get(name), second.get(name))).as("%s equal for equal seeds", name).isTrue();
      anyDiffers |= !Arrays.equals(first.get(name), otherSeed.get(name));
    }
    assertThat(anyDiffers).as("another seed draws other batches").isTrue();
  }

  @Test
  void theTrainerAlignsAFreshRunFirstAndThenTrainsAsWithoutIt() {
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "alignment.steps=" + OPTIONS.steps(),
        "alignment.maxLength=" + OPTIONS.maxLength(), "alignment.learningRate=" + OPTIONS.learningRate());
    ExperimentConfig unaligned = ModelTestSupport.config(Variant.BAHE);
    Map<String, float[]> byTrainer = withBahe(config, (model, llm, store) -> {
      Trainer.builder().setConfig(config).optLogEverySteps(0).build()
          .fit(model, ModelTestSupport.tinyDataset().impressions(), List.of());
      return values(Trainer.trainableParameters(model));
    });
    Map<String, float[]> byHand = withBahe(unaligned, (model, llm, store) -> {
      List<TrainableParameter> params = Trainer.trainableParameters(model);
      try (NDManager m = NDManager.newBaseManager()) {
        UpperLayerAlignment.run(model.alignableUpperLayers().orElseThrow(), params, OPTIONS,
            config.training().batchSize(), config.training().seed(), m);
      }
      Trainer.builder().setConfig(unaligned).optLogEverySteps(0).build()
          .fit(model, ModelTestSupport.tinyDataset().impressions(), List.of());
      return values(params);
    });
    Map<String, float[]> withoutAlignment = withBahe(unaligned, (model, llm, store) -> {
      Trainer.builder().setConfig(unaligned).optLogEverySteps(0).build()
          .fit(model, ModelTestSupport.tinyDataset().impressions(), List.of());
      return values(Trainer.trainableParameters(model));
    });
    boolean anyDiffers = false;
    for (String name : byTrainer.keySet()) {
      assertThat(Arrays.equals(byTrainer.get(name), byHand.get(name))).as("%s", name).isTrue();
      anyDiffers |= !Arrays.equals(byTrainer.get(name), withoutAlignment.get(name));
    }
    assertThat(anyDiffers).as("the alignment changed the trained model").isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = Variant.class, names = {"LLM_CTR", "FP", "ABE"})
  void otherVariantsHaveNoUpperLayersOverPooledVectorsAndTrainAsWithoutAlignment(Variant variant) {
    Map<String, float[]> aligned = trained(ModelTestSupport.config(variant, "alignment.steps=5"));
    Map<String, float[]> plain = trained(ModelTestSupport.config(variant));
    assertThat(aligned.keySet()).isEqualTo(plain.keySet()).isNotEmpty();
    for (String name : plain.keySet()) {
      assertThat(Arrays.equals(aligned.get(name), plain.get(name))).as("%s %s", variant, name).isTrue();
    }
  }

  @Test
  void badAlignmentOptionsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new AlignmentOptions(-1, 8, 2e-4)).hasMessageContaining("alignment.steps");
    assertThatThrownBy(() -> new AlignmentOptions(10, 0, 2e-4)).hasMessageContaining("alignment.maxLength");
    assertThatThrownBy(() -> new AlignmentOptions(10, 8, 0)).hasMessageContaining("alignment.learningRate");
    assertThatThrownBy(() -> new AlignmentOptions(10, 8, Double.NaN)).hasMessageContaining("alignment.learningRate");
    assertThat(ModelTestSupport.config(Variant.BAHE).alignment().enabled()).as("off by default").isFalse();
  }

  /** The parameters of a model without a store (not BAHE) after one fit on the tiny dataset, fresh backbone. */
  private static Map<String, float[]> trained(ExperimentConfig config) {
    Dataset dataset = ModelTestSupport.tinyDataset();
    LayeredLanguageModel llm = ModelTestSupport.tinyBert();
    try (TextCtrModel model = ModelTestSupport.build(config, dataset, llm, null, null)) {
      assertThat(model.alignableUpperLayers()).isEmpty();
      Trainer.builder().setConfig(config).optLogEverySteps(0).build().fit(model, dataset.impressions(), List.of());
      return values(Trainer.trainableParameters(model));
    } finally {
      llm.close();
    }
  }

  /** Mean squared error of the upper layers' output on every stored vector as a sequence of one, inference mode. */
  private static double meanSquaredError(TextCtrModel model, AlignableUpperLayers layers, AlignmentCorpus corpus,
      NDManager parent) {
    try (InferenceScope scope = model.inference(); NDManager m = parent.newSubManager()) {
      int n = corpus.size();
      int d = corpus.dimension();
      NDArray x = m.create(corpus.vectors(), new Shape(n, 1, d));
      NDArray y = m.create(corpus.targets(), new Shape(n, 1, d));
      NDArray diff = layers.states(new ParameterStore(m, false), x, false).sub(y);
      return diff.mul(diff).mean().getFloat();
    }
  }

  private static Map<String, float[]> values(List<TrainableParameter> params) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (TrainableParameter p : params) {
      out.put(p.name(), p.parameter().getArray().toFloatArray());
    }
    return out;
  }

  @FunctionalInterface
  private interface WithBahe<T> {
    T apply(TextCtrModel model, LayeredLanguageModel llm, BehaviorStore store);
  }

  /** Runs {@code body} on a fresh tiny BAHE model over a filled store (fresh backbone, same seed every time). */
  private static <T> T withBahe(ExperimentConfig config, WithBahe<T> body) {
    Dataset dataset = ModelTestSupport.tinyDataset();
    LayeredLanguageModel llm = ModelTestSupport.tinyBert();
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      try (TextCtrModel model = ModelTestSupport.build(config, dataset, llm, store, encoder)) {
        return body.apply(model, llm, store);
      }
    } finally {
      llm.close();
    }
  }
}
