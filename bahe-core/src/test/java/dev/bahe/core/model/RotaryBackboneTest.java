package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.ModelDescriptor;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.encoders.Backbones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The variants on a rotary (LLaMA-family) backbone: the tiny LLaMA checkpoint committed as a bahe-encoders test
 * fixture. BAHE adds no learned position table there (positions 0..M-1 go to the upper layers as rotary ids).
 */
class RotaryBackboneTest {

  private static final Path LLAMA = Path.of("../bahe-encoders/src/test/resources/decoder-fixtures/llama");

  @ParameterizedTest
  @EnumSource(Variant.class)
  void everyVariantRunsOnARotaryBackboneWithFiniteLogits(Variant variant) {
    assumeTrue(Files.isDirectory(LLAMA), "tiny LLaMA fixture of bahe-encoders not found at " + LLAMA);
    Dataset dataset = ModelTestSupport.tinyDataset();
    List<Sample> samples = new ArrayList<>();
    for (Impression imp : dataset.impressions()) {
      samples.add(new Sample(dataset.history(imp.userId()), dataset.item(imp.itemId()), imp.timestamp()));
    }
    samples.add(new Sample(UserHistory.empty("nobody"), dataset.item("i2"), 500L));
    try (LayeredLanguageModel llm = Backbones.decoder(LLAMA)) {
      assertThat(llm.descriptor().positions()).isEqualTo(ModelDescriptor.PositionEncoding.ROTARY);
      try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
          BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
        ModelTestSupport.fillStore(dataset, store, encoder);
        try (TextCtrModel model = ModelTestSupport.build(ModelTestSupport.config(variant, "backbone.name=llama"),
            dataset, llm, store, encoder); NDManager m = llm.manager().newSubManager()) {
          NDList f = model.sampleFeatures(samples, m);
          ParameterStore ps = new ParameterStore(m, false);
          float[] logits = model.block().forward(ps, f, false).head().toFloatArray();
          assertThat(logits).hasSize(samples.size());
          for (float x : logits) {
            assertThat(Float.isFinite(x)).isTrue();
          }
          if (variant == Variant.BAHE) {
            UpperEncoder upper = (UpperEncoder) ((AssembledCtrModel) model).network().encoder();
            assertThat(upper.positionParameter()).isNull();
            NDArray input = upper.upperInput(ps, f.get(0), f.get(1), true, false);
            assertThat(input.toFloatArray()).containsExactly(f.get(0).toFloatArray());
          }
        }
      }
    }
  }
}
