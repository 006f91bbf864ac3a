package dev.bahe.api.registry;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.util.Types;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Binds each selected component kind's SPI type (e.g. {@link dev.bahe.api.model.Pooling}) to the component
 * registered under the selected name. An unknown name fails injector creation with a message listing the
 * registered names of that kind.
 */
public final class ComponentSelectionModule extends AbstractModule {

  private final ComponentSelection selection;

  public ComponentSelectionModule(ComponentSelection selection) {
    this.selection = selection;
  }

  @Override
  protected void configure() {
    // Declare every registry so a kind nobody registers yet still resolves to an empty map.
    Components.backbones(binder());
    Components.encoders(binder());
    Components.poolings(binder());
    Components.reducers(binder());
    Components.heads(binder());
    Components.stores(binder());
    selection.names().forEach((kind, name) -> bindSelected(kind, kind.type(), name));
    requestInjection(new SelectionCheck(selection));
  }

  private <T> void bindSelected(ComponentKind kind, Class<T> type, String name) {
    Provider<Map<String, T>> registry = getProvider(registryKey(type));
    bind(type).toProvider(() -> lookup(kind, name, registry.get()));
  }

  @SuppressWarnings("unchecked")
  static <T> Key<Map<String, T>> registryKey(Class<T> type) {
    return (Key<Map<String, T>>) Key.get(Types.mapOf(String.class, type));
  }

  static <T> T lookup(ComponentKind kind, String name, Map<String, T> registry) {
    T component = registry.get(name);
    if (component == null) {
      throw new UnknownComponentException(kind, name, registry.keySet());
    }
    return component;
  }

  /** Validates every selected name while the injector is created, so a typo fails at startup. */
  static final class SelectionCheck {

    private final ComponentSelection selection;

    SelectionCheck(ComponentSelection selection) {
      this.selection = selection;
    }

    @Inject
    void check(Injector injector) {
      selection.names().forEach((kind, name) -> {
        Map<String, ?> registry = injector.getInstance(registryKey(kind.type()));
        if (!registry.containsKey(name)) {
          throw new UnknownComponentException(kind, name, registry.keySet());
        }
      });
    }
  }
}
