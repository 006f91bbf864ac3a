package dev.bahe.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.model.BackboneFactory;
import dev.bahe.api.model.BehaviorEncoderFactory;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.model.Pooling;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.ComponentSelection;
import dev.bahe.api.registry.ComponentSelectionModule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodersModuleTest {

  @Test
  void registersComponentsByName() {
    Injector injector = Guice.createInjector(new EncodersModule());
    Map<String, BackboneFactory> backbones = injector.getInstance(Key.get(new TypeLiteral<>() {}));
    Map<String, Pooling> poolings = injector.getInstance(Key.get(new TypeLiteral<>() {}));
    Map<String, BehaviorEncoderFactory> encoders = injector.getInstance(Key.get(new TypeLiteral<>() {}));
    assertThat(backbones).containsOnlyKeys("minilm", "bert-onnx", "tiny-bert", "llama", "qwen2");
    assertThat(poolings).containsOnlyKeys("mean", "eos", "cls", "max");
    assertThat(encoders).containsOnlyKeys("djl", "onnx");
  }

  @Test
  void selectionPicksTinyBertAndMeanPooling() {
    ComponentSelection selection = ComponentSelection.none().with(ComponentKind.BACKBONE, "tiny-bert")
        .with(ComponentKind.POOLING, "mean");
    Injector injector = Guice.createInjector(new EncodersModule(), new ComponentSelectionModule(selection));
    assertThat(injector.getInstance(Pooling.class)).isInstanceOf(MeanPooling.class);
    try (LayeredLanguageModel m = injector.getInstance(BackboneFactory.class)
        .load(new BackboneOptions("tiny-bert", "layers=2,hidden=16,heads=2", 2))) {
      assertThat(m.descriptor().numLayers()).isEqualTo(2);
      assertThat(m.descriptor().hiddenSize()).isEqualTo(16);
    }
  }

  @Test
  void tinyBertGrowsToTheSplitLayerAndRejectsUnknownKeys() {
    TinyBertBackboneFactory f = new TinyBertBackboneFactory();
    try (LayeredLanguageModel m = f.load(new BackboneOptions("tiny-bert", "", 6))) {
      assertThat(m.descriptor().numLayers()).isEqualTo(6);
    }
    assertThatThrownBy(() -> f.load(new BackboneOptions("tiny-bert", "layer=3", 1)))
        .hasMessageContaining("layer=3").hasMessageContaining("layers");
  }

  @Test
  void unknownPoolingNameFailsAtStartup() {
    ComponentSelection selection = ComponentSelection.none().with(ComponentKind.POOLING, "median");
    assertThatThrownBy(() -> Guice.createInjector(new EncodersModule(), new ComponentSelectionModule(selection)))
        .isInstanceOf(CreationException.class).hasMessageContaining("median").hasMessageContaining("mean");
  }

  @Test
  void bertOnnxLoadsClasspathResourcesAndDecodersLoadByName() {
    Injector injector = Guice.createInjector(new EncodersModule());
    Map<String, BackboneFactory> backbones = injector.getInstance(Key.get(new TypeLiteral<>() {}));
    try (LayeredLanguageModel m = backbones.get("bert-onnx")
        .load(new BackboneOptions("bert-onnx", "classpath:all-minilm-l6-v2.onnx", 3))) {
      assertThat(m.descriptor().name()).isEqualTo("all-minilm-l6-v2");
      assertThat(m.descriptor().numLayers()).isEqualTo(6);
    }
    try (LayeredLanguageModel m = backbones.get("qwen2")
        .load(new BackboneOptions("qwen2", DecoderFixtures.dir("qwen2").toString(), 1))) {
      assertThat(m.descriptor().architecture()).isEqualTo("qwen2");
    }
    assertThatThrownBy(() -> backbones.get("bert-onnx")
        .load(new BackboneOptions("bert-onnx", "classpath:nothing-here.onnx", 1)))
        .hasMessageContaining("nothing-here.onnx");
  }

  @Test
  void installingTheModuleTwiceIsHarmless() {
    Injector injector = Guice.createInjector(new EncodersModule(), new EncodersModule());
    Map<String, Pooling> poolings = injector.getInstance(Key.get(new TypeLiteral<>() {}));
    assertThat(poolings).hasSize(4);
  }
}
