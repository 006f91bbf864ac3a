package dev.bahe.core.abe;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.bahe.api.config.EncoderOptions;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.ComponentSelection;
import dev.bahe.api.registry.ComponentSelectionModule;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.stores.StoresModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The real components the ABE tests run: the DJL encoder over a tiny random BERT, and the stores by name. */
final class AbeFixtures {

  private AbeFixtures() {}

  static Injector injector(String store) {
    return Guice.createInjector(new EncodersModule(), new StoresModule(), new ComponentSelectionModule(
        ComponentSelection.none().with(ComponentKind.ENCODER, "djl").with(ComponentKind.POOLING, "mean")
            .with(ComponentKind.STORE, store)));
  }

  static BehaviorEncoder encoder(Injector injector, LayeredLanguageModel model) {
    return injector.getInstance(BehaviorEncoderFactory.class).create(model, injector.getInstance(Pooling.class),
        "mean", new EncoderOptions("djl", 1, "mean", 16, 4096));
  }

  static BehaviorStore openStore(Injector injector, String name, Path dir, EncoderIdentity identity) {
    return injector.getInstance(BehaviorStoreFactory.class).open(
        new StoreOptions(name, dir == null ? "" : dir.toString(), "float32"), new StoreMetadata(identity, "float32"));
  }

  /** Wraps an encoder and records every text it is asked to encode; can crash on a given call. */
  static final class CountingEncoder implements BehaviorEncoder {

    final BehaviorEncoder delegate;
    final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    int calls;
    int crashOnCall;

    CountingEncoder(BehaviorEncoder delegate) {
      this.delegate = delegate;
    }

    @Override
    public EncoderIdentity identity() {
      return delegate.identity();
    }

    @Override
    public float[] encode(List<String> batch) {
      calls++;
      if (calls == crashOnCall) {
        throw new IllegalStateException("simulated crash in encoder call " + calls);
      }
      texts.addAll(batch);
      batches.add(List.copyOf(batch));
      return delegate.encode(batch);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
