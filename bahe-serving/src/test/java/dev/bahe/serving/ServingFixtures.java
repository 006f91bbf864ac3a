package dev.bahe.serving;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.CoreModule;
import dev.bahe.core.abe.AbePipeline;
import dev.bahe.core.abe.BehaviorCorpus;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.config.ExperimentModule;
import dev.bahe.core.model.ModelFactory;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiny checkpoints for the service tests: a small two-type dataset, a 2-layer random BERT ({@code tiny-bert}),
 * the DJL lower-part encoder and a file store filled by the ABE pipeline, and a BAHE model saved untrained (its
 * random initialisation depends on the seed, so two seeds give two model versions).
 */
final class ServingFixtures {

  static final BehaviorType LIKED = BehaviorType.of("liked");
  static final BehaviorType DISLIKED = BehaviorType.of("disliked");
  static final String[] TOPICS = {"space rockets", "cooking pasta", "jazz piano", "mountain hiking"};

  private ServingFixtures() {}

  /** The registries of the component implementations, as the command line installs them. */
  static List<Module> components() {
    return List.of(new EncodersModule(), new StoresModule(), new HeadsModule());
  }

  /** 12 items of 4 topics; 8 users with 12 behaviours each at times 10..120. */
  static Dataset dataset() {
    Map<String, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      items.put("i" + i, new Item("i" + i, "item " + i + " about " + TOPICS[i % 4]));
    }
    Map<String, UserHistory> histories = new LinkedHashMap<>();
    List<Impression> impressions = new ArrayList<>();
    for (int u = 0; u < 8; u++) {
      List<Behavior> behaviors = new ArrayList<>();
      for (int j = 1; j <= 12; j++) {
        BehaviorType type = j % 3 == 0 ? DISLIKED : LIKED;
        behaviors.add(new Behavior(type, j * 10L, "watched " + TOPICS[(u + j) % 4] + " video number " + j));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
      impressions.add(new Impression("u" + u, "i" + (u % 12), 55L, u % 2));
    }
    return new Dataset("serving-tiny", List.of(LIKED, DISLIKED), items, histories, impressions);
  }

  /** The test configuration of a BAHE model with its file store under {@code dir}. */
  static ExperimentConfig config(Path dir, long seed, String... extra) {
    List<String> overrides = new ArrayList<>(List.of("variant=bahe", "backbone.name=tiny-bert",
        "encoder.name=djl", "backbone.splitLayer=1", "encoder.splitLayer=1", "encoder.maxTokens=16",
        "reducer.outputDim=8", "head.hiddenSizes=[16]", "head.dropout=0.0", "store.name=file",
        "store.path=" + dir.resolve("store"), "sequence.maxBehaviorsPerType=4", "sequence.textLength=96",
        "sequence.itemTokens=16", "training.seed=" + seed, "output=" + dir));
    overrides.addAll(List.of(extra));
    return new ConfigLoader().load(null, overrides);
  }

  /** Runs ABE over the dataset into the store and saves an untrained model of {@code config} to {@code dir}. */
  static Path checkpoint(ExperimentConfig config, Dataset dataset, Path dir) {
    List<Module> modules = new ArrayList<>(components());
    modules.add(new CoreModule());
    modules.add(0, new ExperimentModule(config));
    Injector injector = Guice.createInjector(modules);
    LayeredLanguageModel backbone = injector.getInstance(LayeredLanguageModel.class);
    BehaviorEncoder encoder = injector.getInstance(BehaviorEncoder.class);
    BehaviorStore store = injector.getInstance(BehaviorStore.class);
    try (backbone; encoder; store) {
      AbePipeline.builder().setEncoder(encoder).setStore(store).optTokenizer(backbone.tokenizer()).build()
          .run(BehaviorCorpus.scan(dataset));
      try (TextCtrModel model = injector.getInstance(ModelFactory.class).create(dataset)) {
        Checkpoints.save(dir, model, config, CheckpointProvenance.of("bahe", dataset.name(),
            config.training().seed(), 0, 0, Double.NaN));
      }
    }
    return dir;
  }

  /** A model source reading each checkpoint's saved configuration, over {@code dataset}. */
  static CheckpointModelSource source(Dataset dataset) {
    return new CheckpointModelSource(
        dir -> Checkpoints.readConfig(dir).orElseThrow().withDefaultStorePath(), data -> dataset, components());
  }
}
