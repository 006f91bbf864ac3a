package dev.bahe.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.DimensionReducer;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.ComponentSelection;
import dev.bahe.api.registry.ComponentSelectionModule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadsModuleTest {

  private static Injector injector(String head, String reducer) {
    ComponentSelection selection = ComponentSelection.none()
        .with(ComponentKind.HEAD, head)
        .with(ComponentKind.REDUCER, reducer);
    return Guice.createInjector(new HeadsModule(), new ComponentSelectionModule(selection));
  }

  @Test
  void registersEveryHeadAndReducerByName() {
    Injector injector = injector("dnn", "linear");
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, CtrHead>>() {})).keySet())
        .containsExactlyInAnyOrder("dnn", "lr", "dcnv2", "dcnv2-stacked");
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, DimensionReducer>>() {})).keySet())
        .containsExactlyInAnyOrder("linear", "identity");
  }

  @Test
  void selectionPicksTheNamedImplementation() {
    assertThat(injector("dnn", "linear").getInstance(CtrHead.class)).isInstanceOf(DnnHead.class);
    assertThat(injector("lr", "identity").getInstance(CtrHead.class)).isInstanceOf(LogisticRegressionHead.class);
    assertThat(injector("lr", "identity").getInstance(DimensionReducer.class)).isInstanceOf(IdentityReducer.class);
    assertThat(injector("dcnv2", "linear").getInstance(CtrHead.class)).isInstanceOf(DcnV2Head.class);
    assertThat(injector("dcnv2", "linear").getInstance(DimensionReducer.class)).isInstanceOf(LinearReducer.class);
  }

  @Test
  void unknownHeadListsTheRegisteredOnes() {
    assertThatThrownBy(() -> injector("xdeepfm", "linear"))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("unknown head 'xdeepfm'; registered head components: [dcnv2, dcnv2-stacked, dnn, lr]");
  }
}
