package dev.bahe.api.registry.plugin;

import com.google.inject.AbstractModule;
import dev.bahe.api.registry.Components;

/**
 * A third-party plugin as a user would write it: one Guice module, outside the api's packages, registering its
 * components by name through the public {@link Components} registry only.
 */
public final class PluginModule extends AbstractModule {

  public static final String POOLING = "plugin-sum";
  public static final String HEAD = "plugin-head";

  @Override
  protected void configure() {
    Components.poolings(binder()).addBinding(POOLING).to(SumPooling.class);
    Components.heads(binder()).addBinding(HEAD).to(PluginHead.class);
  }
}
