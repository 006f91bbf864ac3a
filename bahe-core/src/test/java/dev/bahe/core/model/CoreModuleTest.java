package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import org.junit.jupiter.api.Test;

/** The core's Guice wiring builds the configured variant from components selected by name. */
class CoreModuleTest {

  private static Injector injector(ExperimentConfig config) {
    return Guice.createInjector(new ExperimentModule(config), new EncodersModule(), new StoresModule(),
        new HeadsModule(), new CoreModule());
  }

  @Test
  void buildsBaheFromTheSelectedBackboneEncoderStoreHeadAndReducer() {
    ExperimentConfig config = ModelTestSupport.config(Variant.BAHE, "encoder.name=djl", "head.name=lr");
    Injector injector = injector(config);
    Dataset dataset = ModelTestSupport.tinyDataset();
    LayeredLanguageModel llm = injector.getInstance(LayeredLanguageModel.class);
    try {
      assertThat(llm.descriptor().name()).isEqualTo("tiny-bert");
      BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class);
      BehaviorStore store = injector.getInstance(BehaviorStore.class);
      assertThat(store.metadata().encoder()).isEqualTo(encoder.identity());
      assertThat(injector.getInstance(BehaviorStore.class)).isSameAs(store);
      ModelTestSupport.fillStore(dataset, store, encoder);
      try (TextCtrModel model = injector.getInstance(ModelFactory.class).create(dataset);
          NDManager m = llm.manager().newSubManager()) {
        assertThat(model.variant()).isEqualTo(Variant.BAHE);
        assertThat(model.lowerPartEncodings()).isZero();
        float[] logits = model.block().forward(new ParameterStore(m, false),
            model.features(dataset.impressions(), m), false).head().toFloatArray();
        assertThat(logits).hasSize(dataset.impressions().size());
        // the "lr" head is one linear layer over Q_u ⊕ Q_i = (2 + 1) · 8 inputs
        assertThat(model.block().getParameters().keys()).anyMatch(n -> n.contains("head"));
        long headWeights = model.block().getParameters().stream()
            .filter(p -> p.getKey().contains("head") && !model.isBackboneParameter(p.getKey()))
            .mapToLong(p -> p.getValue().getArray().size()).sum();
        assertThat(headWeights).isEqualTo(3 * 8 + 1);
      }
      store.close();
    } finally {
      llm.close();
    }
  }

  @Test
  void buildsTextVariantsWithoutOpeningAStore() {
    ExperimentConfig config = ModelTestSupport.config(Variant.LLM_CTR, "store.name=file", "store.path=");
    Injector injector = injector(config);
    LayeredLanguageModel llm = injector.getInstance(LayeredLanguageModel.class);
    try (TextCtrModel model = injector.getInstance(ModelFactory.class).create(ModelTestSupport.tinyDataset())) {
      // a "file" store with an empty path could not be opened: building LLM-CTR never asked for one
      assertThat(model.variant()).isEqualTo(Variant.LLM_CTR);
      assertThat(model.userSequences()).isEqualTo(1);
      assertThat(model.block().getParameters().keys().stream().filter(model::isBackboneParameter).count())
          .isEqualTo(llm.lower(0).getParameters().size() + llm.upper(0).getParameters().size());
    } finally {
      llm.close();
    }
  }
}
