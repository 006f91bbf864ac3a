package dev.bahe.core.model;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.DimensionReducer;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.config.ExperimentConfig;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

/**
 * The injectable front of {@link ModelAssembly}: builds the configured variant over a dataset from the
 * components selected by name ({@link dev.bahe.core.CoreModule}). The backbone, store and encoder are obtained
 * lazily, so LLM-CTR, FP and ABE never open a store or an encoder.
 */
public final class ModelFactory {

  private final ExperimentConfig config;
  private final Provider<LayeredLanguageModel> backbone;
  private final Pooling pooling;
  private final DimensionReducer reducer;
  private final CtrHead head;
  private final Provider<BehaviorStore> store;
  private final Provider<BehaviorEncoder> encoder;

  @Inject
  ModelFactory(ExperimentConfig config, Provider<LayeredLanguageModel> backbone, Pooling pooling,
      DimensionReducer reducer, CtrHead head, Provider<BehaviorStore> store, Provider<BehaviorEncoder> encoder) {
    this.config = config;
    this.backbone = backbone;
    this.pooling = pooling;
    this.reducer = reducer;
    this.head = head;
    this.store = store;
    this.encoder = encoder;
  }

  /** The configuration this factory builds. */
  public ExperimentConfig config() {
    return config;
  }

  /** Builds the configured variant for {@code dataset}; the caller closes the model. */
  public TextCtrModel create(Dataset dataset) {
    boolean bahe = config.variant() == Variant.BAHE;
    return ModelAssembly.build(config, dataset, backbone.get(), pooling, reducer, head,
        bahe ? store.get() : null, bahe ? encoder.get() : null);
  }
}
