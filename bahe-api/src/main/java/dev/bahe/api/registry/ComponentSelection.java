package dev.bahe.api.registry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which registered component to use for each kind, by name. Kinds left unselected are not bound, so a
 * program that needs only a store can select only a store.
 */
public final class ComponentSelection {

  private final Map<ComponentKind, String> names;

  private ComponentSelection(Map<ComponentKind, String> names) {
    this.names = names;
  }

  public static ComponentSelection none() {
    return new ComponentSelection(new EnumMap<>(ComponentKind.class));
  }

  /** A copy of this selection with {@code kind} set to {@code name}. */
  public ComponentSelection with(ComponentKind kind, String name) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    EnumMap<ComponentKind, String> copy = new EnumMap<>(ComponentKind.class);
    copy.putAll(names);
    copy.put(kind, name);
    return new ComponentSelection(copy);
  }

  /** The selected name of {@code kind}, if any. */
  public Optional<String> name(ComponentKind kind) {
    return Optional.ofNullable(names.get(kind));
  }

  /** All selected names. */
  public Map<ComponentKind, String> names() {
    return Map.copyOf(names);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComponentSelection other && names.equals(other.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return "ComponentSelection" + names;
  }
}
