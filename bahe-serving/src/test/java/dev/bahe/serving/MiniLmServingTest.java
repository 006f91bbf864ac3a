package dev.bahe.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.key.BehaviorKeys;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on the real thing: all-MiniLM-L6-v2 split at layer 3, the ONNX Runtime lower-part encoder and a file
 * store. A behaviour the store lacks is encoded online by that encoder: the vector the service wrote equals the
 * encoder's own output for the text.
 */
@Tag("slow")
class MiniLmServingTest {

  @TempDir
  Path dir;

  @Test
  void servesAndEncodesUnseenTextsWithTheOnnxEncoderThatBuiltTheStore() {
    Dataset dataset = ServingFixtures.dataset();
    ExperimentConfig config = new ConfigLoader().load(null, List.of("variant=bahe", "backbone.name=minilm",
        "encoder.name=onnx", "store.name=file", "store.path=" + dir.resolve("store"),
        "sequence.maxBehaviorsPerType=4", "sequence.textLength=128", "reducer.outputDim=16",
        "head.hiddenSizes=[16]", "output=" + dir));
    Path checkpoint = ServingFixtures.checkpoint(config, dataset, dir.resolve("ckpt"));
    String text = "an evening documentary about glaciers and polar bears";
    try (CheckpointModelSource source = ServingFixtures.source(dataset);
        ScoringServer server = ScoringServer.start(new ScoringService(source, checkpoint,
            ServingOptions.defaults(dir.resolve("events.log")).withPort(0), ScoringServer.jsonMapper(),
            new ServingMetrics()), ScoringServer.jsonMapper())) {
      HttpJson http = new HttpJson(server.port());
      long stored = server.service().storeSize();
      HttpJson.Reply r = http.post("/v1/score", http.json(Map.of("userId", "u5", "time", 200L,
          "candidates", List.of(Map.of("itemId", "i0"), Map.of("title", "a film about the arctic")),
          "behaviors", List.of(Map.of("type", "liked", "text", text, "timestamp", 150L)))));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("scores")).hasSize(2);
      r.json().get("scores").forEach(s -> assertThat(s.asDouble()).isStrictlyBetween(0.0, 1.0));
      assertThat(server.service().storeSize()).isEqualTo(stored + 1);
    }
    List<Module> modules = new ArrayList<>(ServingFixtures.components());
    modules.add(new CoreModule());
    modules.add(new ExperimentModule(config));
    Injector injector = Guice.createInjector(modules);
    LayeredLanguageModel backbone = injector.getInstance(LayeredLanguageModel.class);
    BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class);
    BehaviorStore store = injector.getInstance(BehaviorStore.class);
    try (backbone; encoder; store) {
      assertThat(encoder.identity().modelName()).containsIgnoringCase("minilm");
      float[] written = store.get(BehaviorKeys.key(text)).orElseThrow();
      assertThat(written).containsExactly(encoder.encode(List.of(BehaviorKeys.normalize(text))), within(1e-5f));
    }
  }
}
