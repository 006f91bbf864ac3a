package dev.bahe.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.ComponentSelection;
import dev.bahe.api.registry.ComponentSelectionModule;
import dev.bahe.api.store.BehaviorStoreFactory;
import org.junit.jupiter.api.Test;

class StoresModuleTest {

  @Test
  void registersTheThreeStoresByName() {
    assertThat(StoreTestSupport.factories()).containsOnlyKeys("memory", "file", "lucene");
  }

  @Test
  void selectionPicksAStoreAndRejectsUnknownNames() {
    BehaviorStoreFactory file = Guice.createInjector(new StoresModule(),
        new ComponentSelectionModule(ComponentSelection.none().with(ComponentKind.STORE, "file")))
        .getInstance(BehaviorStoreFactory.class);
    assertThat(file).isInstanceOf(FileStoreFactory.class);
    assertThatThrownBy(() -> Guice.createInjector(new StoresModule(),
        new ComponentSelectionModule(ComponentSelection.none().with(ComponentKind.STORE, "redis"))))
        .hasMessageContaining("redis").hasMessageContaining("lucene");
  }

  @Test
  void factoriesCheckTheirOptions() {
    BehaviorStoreFactory file = StoreTestSupport.factories().get("file");
    assertThatThrownBy(() -> file.open(new StoreOptions("file", "", "float32"),
        StoreTestSupport.metadata(8, "float32"))).hasMessageContaining("store.path");
    assertThatThrownBy(() -> file.open(new StoreOptions("file", "/tmp/x", "float16"),
        StoreTestSupport.metadata(8, "float32"))).hasMessageContaining("must agree");
  }
}
