package dev.bahe.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.UnknownComponentException;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.model.ModelFactory;
import java.util.Map;

/**
 * Guice wiring of the core: the loaded backbone, the ABE encoder and the behaviour store as singletons, and
 * the {@link ModelFactory} that assembles the configured variant. Install with the
 * {@link dev.bahe.core.config.ExperimentModule} and the modules registering components, e.g.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new ExperimentModule(config), new EncodersModule(),
 *     new StoresModule(), new HeadsModule(), new CoreModule());
 * TextCtrModel model = injector.getInstance(ModelFactory.class).create(dataset);
 * }</pre>
 *
 * <p>{@code configure()} does no I/O: the backbone loads, the encoder starts and the store opens on first use,
 * in the providers. The singletons own native memory and files; whoever created the injector closes them
 * (store, encoder, then backbone) when done.
 */
public final class CoreModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(ModelFactory.class);
  }

  @Provides
  @Singleton
  LayeredLanguageModel backbone(BackboneFactory factory, BackboneOptions options) {
    return factory.load(options);
  }

  @Provides
  @Singleton
  BehaviorEncoder behaviorEncoder(BehaviorEncoderFactory factory, LayeredLanguageModel backbone,
      Map<String, Pooling> poolings, EncoderOptions options) {
    Pooling pooling = poolings.get(options.pooling());
    if (pooling == null) {
      throw new UnknownComponentException(ComponentKind.POOLING, options.pooling(), poolings.keySet());
    }
    return factory.create(backbone, pooling, options.pooling(), options);
  }

  @Provides
  @Singleton
  BehaviorStore behaviorStore(BehaviorStoreFactory factory, StoreOptions options, BehaviorEncoder encoder) {
    return factory.open(options, new StoreMetadata(encoder.identity(), options.dtype()));
  }
}
