package dev.bahe.examples.experiment;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.matcher.Matchers;
import com.google.inject.spi.ProvisionListener;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Guice injector of one command run: the experiment configuration, the built-in component modules
 * (encoders, stores, heads), the core wiring and any extra plugin modules. It remembers every
 * {@link AutoCloseable} singleton it provisions (backbone, encoder, store ...) and closes them in reverse order
 * of creation on {@link #close()}, so a store is closed before the encoder and the backbone it depends on.
 */
public final class ExperimentSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentSession.class);

  private final ExperimentConfig config;
  private final Injector injector;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  /** The modules every session installs, besides the configuration: the built-in components and the core. */
  public static List<Module> builtInModules() {
    return List.of(new EncodersModule(), new StoresModule(), new HeadsModule(), new CoreModule());
  }

  public ExperimentSession(ExperimentConfig config, Module... plugins) {
    this.config = config;
    List<Module> modules = new ArrayList<>();
    modules.add(new ExperimentModule(config));
    modules.addAll(builtInModules());
    modules.addAll(List.of(plugins));
    modules.add(new AbstractModule() {
      @Override
      protected void configure() {
        ProvisionListener track = new ProvisionListener() {
          @Override
          public <T> void onProvision(ProvisionInvocation<T> invocation) {
            T instance = invocation.provision();
            if (instance instanceof AutoCloseable c
                && com.google.inject.Scopes.isSingleton(invocation.getBinding())) {
              synchronized (owned) {
                owned.push(c);
              }
            }
          }
        };
        bindListener(Matchers.any(), track);
      }
    });
    this.injector = Guice.createInjector(modules);
  }

  public ExperimentConfig config() {
    return config;
  }

  /** An instance from the injector (a component, the {@code ModelFactory} ...). */
  public <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  public Injector injector() {
    return injector;
  }

  /** Closes the singletons this session created, newest first; failures are logged and the rest still closed. */
  @Override
  public void close() {
    synchronized (owned) {
      while (!owned.isEmpty()) {
        AutoCloseable c = owned.pop();
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }
}
