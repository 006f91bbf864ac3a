package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.core.config.DataOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  private static DataOptions options(String source, String path, boolean skip) {
    return new DataOptions(source, path, 0.1, 0.2, 50, 24, 0.02, 1.0, 3, skip);
  }

  @Test
  void syntheticSourceUsesSizeAndSeed() {
    LoadedDataset loaded = Datasets.loadWithReport(options("synthetic", "", false));
    assertThat(loaded.dataset().histories()).hasSize(50);
    assertThat(loaded.dataset().items()).hasSize(24);
    assertThat(loaded.report().source()).isEqualTo("synthetic");
    assertThat(loaded.report().impressions()).isEqualTo(loaded.dataset().impressions().size());
    DatasetAssertions.assertSameContent(Datasets.load(options("SYNTHETIC", "", false)), loaded.dataset());
  }

  @Test
  void aSyntheticDatasetComesWithItsGeneratorTruthAndAFileDatasetWithout(@TempDir Path dir) {
    LoadedDataset loaded = Datasets.loadWithReport(options("synthetic", "", false));

    SyntheticData truth = loaded.synthetic().orElseThrow();
    assertThat(truth.dataset()).isSameAs(loaded.dataset());
    // the truth is that of the same spec: every impression has a logit
    assertThat(truth.trueLogit(loaded.dataset().impressions().get(0))).isFinite();
    TabularDatasetWriter.write(loaded.dataset(), dir.resolve("t"), TabularFormat.TSV);
    assertThat(Datasets.loadWithReport(options("tsv", dir.resolve("t").toString(), false)).synthetic()).isEmpty();
  }

  @Test
  void tsvAndJsonlSourcesReadTheirFormat(@TempDir Path dir) {
    var original = Datasets.load(options("synthetic", "", false));
    TabularDatasetWriter.write(original, dir.resolve("t"), TabularFormat.TSV);
    TabularDatasetWriter.write(original, dir.resolve("j"), TabularFormat.JSONL);
    DatasetAssertions.assertSameContent(Datasets.load(options("tsv", dir.resolve("t").toString(), false)), original);
    DatasetAssertions.assertSameContent(Datasets.load(options("jsonl", dir.resolve("j").toString(), false)),
        original);
    // the wrong format for the directory is an error naming the missing file
    assertThatThrownBy(() -> Datasets.load(options("jsonl", dir.resolve("t").toString(), false)))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("items.jsonl");
  }

  @Test
  void unknownSourceAndMissingPathAreClearErrors() {
    assertThatThrownBy(() -> Datasets.load(options("csv", "", false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("csv").hasMessageContaining("movielens");
    assertThatThrownBy(() -> Datasets.load(options("movielens", "", false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data.path");
    assertThatThrownBy(() -> Datasets.load(options("tsv", "/nonexistent/bahe", false)))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("/nonexistent/bahe");
  }
}
