package dev.bahe.core.config;

import com.google.inject.AbstractModule;
import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.config.ReducerOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.registry.ComponentSelectionModule;

/**
 * Binds an {@link ExperimentConfig} and its option records, and selects the configured components by name.
 * Install it together with the implementation modules that register components (encoders, stores, heads,
 * plugins).
 */
public final class ExperimentModule extends AbstractModule {

  private final ExperimentConfig config;

  public ExperimentModule(ExperimentConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(ExperimentConfig.class).toInstance(config);
    bind(BackboneOptions.class).toInstance(config.backbone());
    bind(EncoderOptions.class).toInstance(config.encoder());
    bind(ReducerOptions.class).toInstance(config.reducer());
    bind(HeadOptions.class).toInstance(config.head());
    bind(StoreOptions.class).toInstance(config.store());
    bind(SequenceOptions.class).toInstance(config.sequence());
    bind(TrainingOptions.class).toInstance(config.training());
    bind(DataOptions.class).toInstance(config.data());
    install(new ComponentSelectionModule(config.selection()));
  }
}
