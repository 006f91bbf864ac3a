package dev.bahe.encoders;

import com.google.inject.AbstractModule;
import dev.bahe.api.registry.Components;

/**
 * Registers this module's components by name: backbones {@code minilm}, {@code bert-onnx}, {@code tiny-bert}, {@code llama}, {@code qwen2}
 * (Hugging Face directories);
 * poolings {@code mean}, {@code eos}, {@code cls}, {@code max}; encoders {@code djl}, {@code onnx}. No I/O happens here: models load when a factory
 * is called.
 */
public final class EncodersModule extends AbstractModule {

  @Override
  protected void configure() {
    Components.backbones(binder()).addBinding("minilm").to(MiniLmBackboneFactory.class);
    Components.backbones(binder()).addBinding("bert-onnx").to(BertOnnxBackboneFactory.class);
    Components.backbones(binder()).addBinding("tiny-bert").to(TinyBertBackboneFactory.class);
    Components.backbones(binder()).addBinding("llama").to(DecoderBackboneFactory.class);
    Components.backbones(binder()).addBinding("qwen2").to(DecoderBackboneFactory.class);
    Components.encoders(binder()).addBinding("djl").to(DjlEncoderFactory.class);
    Components.encoders(binder()).addBinding("onnx").to(OnnxEncoderFactory.class);
    Components.poolings(binder()).addBinding("mean").to(MeanPooling.class);
    Components.poolings(binder()).addBinding("eos").to(EosPooling.class);
    Components.poolings(binder()).addBinding("cls").to(ClsPooling.class);
    Components.poolings(binder()).addBinding("max").to(MaxPooling.class);
  }

  /** All instances are equal, so Guice installs this module once even when several modules install it. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EncodersModule;
  }

  @Override
  public int hashCode() {
    return EncodersModule.class.hashCode();
  }
}
