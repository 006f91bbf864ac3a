package dev.bahe.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.registry.plugin.PluginModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentRegistryTest {

  /** A "built-in" default, standing in for an implementation module's registrations. */
  static final class DefaultPooling implements Pooling {
    @Override
    public NDArray pool(NDArray hidden, NDArray mask) {
      return hidden.mean(new int[] {1});
    }
  }

  /** What a test or a deployment swaps in for the default. */
  static final class ReplacementPooling implements Pooling {
    @Override
    public NDArray pool(NDArray hidden, NDArray mask) {
      return hidden.max(new int[] {1});
    }
  }

  static final class DefaultsModule extends AbstractModule {
    @Override
    protected void configure() {
      Components.poolings(binder()).addBinding("default-mean").to(DefaultPooling.class);
    }
  }

  private static final TypeLiteral<Map<String, Pooling>> POOLINGS = new TypeLiteral<>() {};

  private static Injector injector(ComponentSelection selection, Module... modules) {
    return Guice.createInjector(Modules.combine(Modules.combine(modules), new ComponentSelectionModule(selection)));
  }

  @Test
  void pluginComponentsArePickedByNameWithoutChangingMainCode() {
    ComponentSelection selection = ComponentSelection.none()
        .with(ComponentKind.POOLING, PluginModule.POOLING)
        .with(ComponentKind.HEAD, PluginModule.HEAD);
    Injector injector = injector(selection, new DefaultsModule(), new PluginModule());

    Pooling pooling = injector.getInstance(Pooling.class);
    assertThat(pooling.getClass().getName()).isEqualTo("dev.bahe.api.registry.plugin.SumPooling");
    CtrHead head = injector.getInstance(CtrHead.class);
    assertThat(head.getClass().getName()).isEqualTo("dev.bahe.api.registry.plugin.PluginHead");
    Block block = head.build(8, new HeadOptions(PluginModule.HEAD, List.of(), "relu", 0, 0));
    assertThat(block.getParameters().keys()).containsExactly("weight", "bias");
    assertThat(injector.getInstance(Key.get(POOLINGS)).keySet())
        .containsExactlyInAnyOrder("default-mean", PluginModule.POOLING);
  }

  @Test
  void theSameModulesServeAnotherSelection() {
    Module[] modules = {new DefaultsModule(), new PluginModule()};
    assertThat(injector(ComponentSelection.none().with(ComponentKind.POOLING, "default-mean"), modules)
        .getInstance(Pooling.class)).isInstanceOf(DefaultPooling.class);
    assertThat(injector(ComponentSelection.none().with(ComponentKind.POOLING, "plugin-sum"), modules)
        .getInstance(Pooling.class)).isNotInstanceOf(DefaultPooling.class);
  }

  @Test
  void unknownNameFailsAtInjectorCreationListingRegisteredNames() {
    ComponentSelection selection = ComponentSelection.none().with(ComponentKind.POOLING, "plugin-summ");
    assertThatThrownBy(() -> injector(selection, new DefaultsModule(), new PluginModule()))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("unknown pooling 'plugin-summ'")
        .hasMessageContaining("[default-mean, plugin-sum]")
        .satisfies(e -> assertThat(((CreationException) e).getErrorMessages())
            .anySatisfy(m -> assertThat(m.getCause()).isInstanceOf(UnknownComponentException.class)));
  }

  @Test
  void kindNobodyRegistersFailsWithAnEmptyList() {
    ComponentSelection selection = ComponentSelection.none().with(ComponentKind.STORE, "memory");
    assertThatThrownBy(() -> injector(selection, new PluginModule()))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("unknown store 'memory'; registered store components: []");
  }

  @Test
  void unselectedKindsAreNotBound() {
    Injector injector = injector(ComponentSelection.none().with(ComponentKind.POOLING, "plugin-sum"),
        new PluginModule());
    assertThat(injector.getExistingBinding(Key.get(Pooling.class))).isNotNull();
    assertThat(injector.getExistingBinding(Key.get(CtrHead.class))).isNull();
  }

  /**
   * {@code Modules.override} replaces the component bound to the SPI type: the defaults (registrations plus
   * the selection) stay as they are and one binding swaps what every consumer of {@link Pooling} gets.
   */
  @Test
  void modulesOverrideReplacesTheSelectedDefault() {
    Module defaults = Modules.combine(new DefaultsModule(),
        new ComponentSelectionModule(ComponentSelection.none().with(ComponentKind.POOLING, "default-mean")));
    Module replacement = new AbstractModule() {
      @Override
      protected void configure() {
        bind(Pooling.class).to(ReplacementPooling.class);
      }
    };
    assertThat(Guice.createInjector(defaults).getInstance(Pooling.class)).isInstanceOf(DefaultPooling.class);

    Injector overridden = Guice.createInjector(Modules.override(defaults).with(replacement));
    assertThat(overridden.getInstance(Pooling.class)).isInstanceOf(ReplacementPooling.class);
    // only the selected binding changed; the registry itself is untouched
    assertThat(overridden.getInstance(Key.get(POOLINGS)).get("default-mean")).isInstanceOf(DefaultPooling.class);
  }

  /**
   * Why the override above targets the SPI binding and not a registry entry: MapBinder entries carry unique
   * internal keys, so {@code Modules.override} cannot match an entry by its name; registering a default's name
   * again in an override module is a duplicate key, reported at injector creation.
   */
  @Test
  void reRegisteringADefaultNameInAnOverrideIsADuplicateNotAReplacement() {
    Module reRegister = new AbstractModule() {
      @Override
      protected void configure() {
        Components.poolings(binder()).addBinding("default-mean").to(ReplacementPooling.class);
      }
    };
    assertThatThrownBy(() -> Guice.createInjector(Modules.override(new DefaultsModule()).with(reRegister)))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("Duplicate key \"default-mean\"");
  }

  @Test
  void selectionIsAnImmutableValue() {
    ComponentSelection none = ComponentSelection.none();
    ComponentSelection one = none.with(ComponentKind.HEAD, "dnn");
    assertThat(none.name(ComponentKind.HEAD)).isEmpty();
    assertThat(one.name(ComponentKind.HEAD)).contains("dnn");
    assertThat(one).isEqualTo(ComponentSelection.none().with(ComponentKind.HEAD, "dnn")).isNotEqualTo(none);
    assertThat(one.with(ComponentKind.HEAD, "lr").names()).isEqualTo(Map.of(ComponentKind.HEAD, "lr"));
  }
}
