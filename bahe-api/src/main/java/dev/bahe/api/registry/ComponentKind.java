package dev.bahe.api.registry;

import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.CtrHead;
import dev.bahe.api.model.DimensionReducer;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.store.BehaviorStoreFactory;

/** The pluggable component kinds, each with the SPI type registered under names. */
public enum ComponentKind {
  BACKBONE("backbone", BackboneFactory.class),
  ENCODER("encoder", BehaviorEncoderFactory.class),
  POOLING("pooling", Pooling.class),
  REDUCER("reducer", DimensionReducer.class),
  HEAD("head", CtrHead.class),
  STORE("store", BehaviorStoreFactory.class);

  private final String label;
  private final Class<?> type;

  ComponentKind(String label, Class<?> type) {
    this.label = label;
    this.type = type;
  }

  /** The name used in configuration and messages. */
  public String label() {
    return label;
  }

  /** The SPI type registered for this kind. */
  public Class<?> type() {
    return type;
  }
}
