package dev.bahe.api.data;

import java.util.Objects;

/**
 * A kind of user behaviour (purchases, searches, clicks, favourites ...). Each type is modelled as its own
 * sequence in BAHE's feature-parallel stage.
 *
 * @param name non-blank identifier of the type, e.g. {@code "liked"} or {@code "search"}
 */
public record BehaviorType(String name) implements Comparable<BehaviorType> {

  public BehaviorType {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("behaviour type name must not be blank");
    }
  }

  public static BehaviorType of(String name) {
    return new BehaviorType(name);
  }

  @Override
  public int compareTo(BehaviorType other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
