package dev.bahe.encoders;

import dev.bahe.api.model.Pooling;
import java.util.Map;
import java.util.TreeSet;

/** The pooling functions of this module by registry name: {@code mean} (default), {@code eos}, {@code cls}, {@code max}. */
public final class Poolings {

  private static final Map<String, Pooling> BY_NAME = Map.of(
      "mean", new MeanPooling(), "eos", new EosPooling(), "cls", new ClsPooling(), "max", new MaxPooling());

  private Poolings() {}

  /** The pooling registered as {@code name}; an unknown name is an error listing the known ones. */
  public static Pooling byName(String name) {
    Pooling p = BY_NAME.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown pooling '" + name + "'; known: " + new TreeSet<>(BY_NAME.keySet()));
    }
    return p;
  }

  /** Masked mean pooling. */
  public static Pooling mean() {
    return byName("mean");
  }
}
