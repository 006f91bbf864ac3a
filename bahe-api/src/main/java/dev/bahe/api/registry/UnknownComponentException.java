package dev.bahe.api.registry;

import java.util.Set;
import java.util.TreeSet;

/** A configuration named a component that no installed module registers. */
public class UnknownComponentException extends IllegalArgumentException {

  public UnknownComponentException(ComponentKind kind, String name, Set<String> registered) {
    super("unknown " + kind.label() + " '" + name + "'; registered " + kind.label() + " components: "
        + new TreeSet<>(registered)
        + ". A component from a plugin is found only when its jar is on the classpath and its Guice module is"
        + " installed.");
  }
}
