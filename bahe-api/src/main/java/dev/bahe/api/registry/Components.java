package dev.bahe.api.registry;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.DimensionReducer;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.store.BehaviorStoreFactory;

/**
 * The name-based component registry. An implementation module registers its components in its own Guice
 * module, e.g.
 *
 * <pre>{@code
 * protected void configure() {
 *   Components.poolings(binder()).addBinding("mean").to(MeanPooling.class);
 * }
 * }</pre>
 *
 * <p>and a {@link ComponentSelectionModule} picks one per kind by name. A plugin adds a component by shipping
 * one more Guice module; the core never changes.
 */
public final class Components {

  private Components() {}

  public static MapBinder<String, BackboneFactory> backbones(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, BackboneFactory.class);
  }

  public static MapBinder<String, BehaviorEncoderFactory> encoders(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, BehaviorEncoderFactory.class);
  }

  public static MapBinder<String, Pooling> poolings(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, Pooling.class);
  }

  public static MapBinder<String, DimensionReducer> reducers(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, DimensionReducer.class);
  }

  public static MapBinder<String, CtrHead> heads(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, CtrHead.class);
  }

  public static MapBinder<String, BehaviorStoreFactory> stores(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, BehaviorStoreFactory.class);
  }
}
