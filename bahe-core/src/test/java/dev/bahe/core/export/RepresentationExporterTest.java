package dev.bahe.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.api.model.LayeredLanguageModel;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.core.model.CtrModel;
import dev.bahe.core.model.ModelTestSupport;
import dev.bahe.core.model.TextCtrModel;
import dev.bahe.core.model.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepresentationExporterTest {

  private LayeredLanguageModel llm;
  private Dataset dataset;

  @BeforeEach
  void setUp() {
    llm = ModelTestSupport.tinyBert();
    dataset = ModelTestSupport.tinyDataset();
  }

  @AfterEach
  void tearDown() {
    llm.close();
  }

  /** A model that passes everything to a text model and counts the rows of its user-only passes. */
  private static final class CountingUserPasses implements CtrModel {
    private final TextCtrModel model;
    long userRows;

    CountingUserPasses(TextCtrModel model) {
      this.model = model;
    }

    @Override
    public String name() {
      return model.name();
    }

    @Override
    public Block block() {
      return model.block();
    }

    @Override
    public NDList features(List<Impression> batch, NDManager manager) {
      return model.features(batch, manager);
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
      return model.isBackboneParameter(parameterName);
    }

    @Override
    public InferenceScope inference() {
      return model.inference();
    }

    @Override
    public Optional<NDList> representations(List<Impression> batch, NDManager manager) {
      return model.representations(batch, manager);
    }

    @Override
    public Optional<NDArray> userRepresentations(List<Impression> batch, NDManager manager) {
      userRows += batch.size();
      return model.userRepresentations(batch, manager);
    }

    @Override
    public void close() {}
  }

  @Test
  void impressionsOfOneUserAtOneTimeShareOneUserOnlyPassAndGetTheFullPassesQu(@TempDir Path dir) {
    // the tiny data's impressions, and two more items for u1 at each of its times: 12 + 4 impressions, 12 states
    List<Impression> impressions = new ArrayList<>(dataset.impressions());
    impressions.add(new Impression("u1", "i5", 55L, 0));
    impressions.add(new Impression("u1", "i6", 125L, 1));
    impressions.add(new Impression("u1", "i7", 55L, 1));
    impressions.add(new Impression("u1", "i0", 125L, 0));
    Set<String> items = new LinkedHashSet<>();
    impressions.forEach(i -> items.add(i.itemId()));
    try (ModelTestSupport.CountingEncoder encoder = ModelTestSupport.countingEncoder(llm);
        BehaviorStore store = ModelTestSupport.memoryStore(encoder)) {
      ModelTestSupport.fillStore(dataset, store, encoder);
      String[][] setups = {{"bahe"}, {"bahe", "sequence.historySummary=mean"}, {"llm-ctr"}};
      for (String[] setup : setups) {
        Variant variant = Variant.of(setup[0]);
        boolean bahe = variant == Variant.BAHE;
        try (TextCtrModel model = ModelTestSupport.build(
            ModelTestSupport.config(variant, Arrays.copyOfRange(setup, 1, setup.length)), dataset, llm,
            bahe ? store : null, bahe ? encoder : null)) {
          CountingUserPasses counting = new CountingUserPasses(model);
          Path users = dir.resolve(String.join("-", setup) + "-qu.bin");
          Path itemFile = dir.resolve(String.join("-", setup) + "-qi.bin");
          RepresentationExporter exporter = new RepresentationExporter(5);
          int d = exporter.exportUsers(counting, impressions, users);
          exporter.exportItems(model, items, itemFile);

          assertThat(d).isEqualTo(model.userSequences() * model.reducedDim());
          // one probe row, then one row per distinct user and time
          assertThat(counting.userRows).as(String.join(" ", setup)).isEqualTo(1 + 12);
          RepresentationTable table = RepresentationTable.load(users, itemFile);
          assertThat(table.users()).isEqualTo(impressions.size());
          try (NDManager m = NDManager.newBaseManager()) {
            for (Impression imp : impressions) {
              float[] full = model.representations(List.of(imp), m).orElseThrow().get(0).toFloatArray();
              float[] exported = new float[table.dimension()];
              table.copyFeatures(imp, exported, 0);
              // the full pass of one impression against user-only passes of five: other batch shapes, other
              // matrix kernels, equal to float rounding on values of order 1
              assertThat(Arrays.copyOf(exported, d)).as("%s %s", String.join(" ", setup), imp)
                  .containsExactly(full, within(1e-5f));
            }
          }
        }
      }
    }
  }
}
