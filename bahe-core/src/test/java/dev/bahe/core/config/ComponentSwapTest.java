package dev.bahe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.registry.Components;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry end to end with the real implementation modules: pooling, store and head are swapped by
 * configuration alone, a plugin module's component is found by name, and {@code Modules.override} replaces a
 * default.
 */
class ComponentSwapTest {

  private static final EncoderIdentity IDENTITY = new EncoderIdentity("test", "00", 1, "mean", 4, 8);

  @TempDir Path dir;

  private Injector injector(List<String> overrides, Module... extra) {
    ExperimentConfig config = new ConfigLoader().load(null, overrides);
    List<Module> modules = new ArrayList<>(List.of(new ExperimentModule(config), new EncodersModule(),
        new StoresModule(), new HeadsModule()));
    modules.addAll(List.of(extra));
    return Guice.createInjector(modules);
  }

  /** hidden [1, 3, 1] = (1, 5, 3), all tokens real. */
  private static float pooled(Pooling pooling) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray hidden = manager.create(new float[] {1, 5, 3}, new Shape(1, 3, 1));
      NDArray mask = manager.create(new long[] {1, 1, 1}, new Shape(1, 3));
      return pooling.pool(hidden, mask).toFloatArray()[0];
    }
  }

  @Test
  void poolingIsSwappedByConfiguration() {
    assertThat(pooled(injector(List.of("pooling=mean")).getInstance(Pooling.class))).isEqualTo(3f);
    assertThat(pooled(injector(List.of("pooling=max")).getInstance(Pooling.class))).isEqualTo(5f);
    assertThat(pooled(injector(List.of("pooling=eos")).getInstance(Pooling.class))).isEqualTo(3f);
    assertThat(pooled(injector(List.of("pooling=cls")).getInstance(Pooling.class))).isEqualTo(1f);
  }

  @Test
  void storeIsSwappedByConfiguration() throws Exception {
    for (String name : List.of("memory", "file", "lucene")) {
      Path path = dir.resolve(name);
      BehaviorStoreFactory factory = injector(List.of("store.name=" + name, "store.path=" + path))
          .getInstance(BehaviorStoreFactory.class);
      try (BehaviorStore store = factory.open(
          new dev.bahe.api.config.StoreOptions(name, path.toString(), "float32"),
          new StoreMetadata(IDENTITY, "float32"))) {
        store.put(42L, "bought: tea", new float[] {1, 2, 3, 4});
        store.flush();
        assertThat(store.get(42L)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3, 4));
        assertThat(store.getClass().getSimpleName().toLowerCase()).contains(name);
      }
      boolean wroteFiles = Files.exists(path) && Files.list(path).findAny().isPresent();
      assertThat(wroteFiles).as("store %s persists to disk", name).isEqualTo(!name.equals("memory"));
    }
  }

  @Test
  void headIsSwappedByConfiguration() {
    HeadOptions options = new HeadOptions("x", List.of(8), "relu", 0.0, 2);
    Block lr = injector(List.of("head.name=lr")).getInstance(CtrHead.class).build(6, options);
    Block dcn = injector(List.of("head.name=dcnv2")).getInstance(CtrHead.class).build(6, options);
    assertThat(lr).isInstanceOf(Linear.class);
    assertThat(dcn.getClass().getSimpleName()).containsIgnoringCase("dcn");
  }

  @Test
  void pluginComponentIsFoundByNameWithoutCoreChanges() {
    Injector injector = injector(List.of("pooling=first-plus-last"), new AbstractModule() {
      @Override
      protected void configure() {
        Components.poolings(binder()).addBinding("first-plus-last").toInstance(
            (hidden, mask) -> hidden.get(":, 0, :").add(hidden.get(":, -1, :")));
      }
    });
    assertThat(pooled(injector.getInstance(Pooling.class))).isEqualTo(4f);
  }

  @Test
  void unknownNameFailsAtStartupListingTheKnownOnes() {
    assertThatThrownBy(() -> injector(List.of("head.name=xgboost")))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("unknown head 'xgboost'")
        .hasMessageContaining("dcnv2")
        .hasMessageContaining("dnn")
        .hasMessageContaining("lr");
  }

  @Test
  void modulesOverrideReplacesADefault() {
    ExperimentConfig config = new ConfigLoader().load(null, List.of("pooling=mean"));
    Module defaults = Modules.combine(new ExperimentModule(config), new EncodersModule(), new StoresModule(),
        new HeadsModule());
    Pooling sum = (hidden, mask) -> hidden.sum(new int[] {1});
    Injector injector = Guice.createInjector(Modules.override(defaults).with(new AbstractModule() {
      @Override
      protected void configure() {
        bind(Pooling.class).toInstance(sum);
      }
    }));
    assertThat(pooled(injector.getInstance(Pooling.class))).isEqualTo(9f);
  }
}
