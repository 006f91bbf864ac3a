package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TabularRoundTripTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(TabularFormat.class)
  void syntheticDataLoadsBackUnchanged(TabularFormat format) {
    Dataset original = SyntheticGenerator.generate(new SyntheticSpec(60, 40, 11, 40, 6, 360)).dataset();
    List<Path> files = TabularDatasetWriter.write(original, dir, format);
    assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile().hasExtension(format.extension()));

    LoadedDataset loaded = TabularDatasetLoader.load(dir, format, false);

    DatasetAssertions.assertSameContent(loaded.dataset(), original);
    assertThat(loaded.report().hasIssues()).isFalse();
    assertThat(loaded.report().impressions()).isEqualTo(original.impressions().size());
  }

  @ParameterizedTest
  @EnumSource(TabularFormat.class)
  void unicodeAndNumericLookingTextsSurvive(TabularFormat format) {
    Behavior b = new Behavior(SyntheticGenerator.SEARCH, 5, "searched: café crème – 抹茶 \"quoted\" 007");
    Dataset original = new Dataset("tiny", List.of(SyntheticGenerator.SEARCH),
        Map.of("007", new Item("007", "12345")), Map.of("u", UserHistory.of("u", List.of(b))),
        List.of(new Impression("u", "007", 9, 1)));
    TabularDatasetWriter.write(original, dir, format);
    DatasetAssertions.assertSameContent(TabularDatasetLoader.load(dir, format, false).dataset(), original);
  }

  @ParameterizedTest
  @EnumSource(value = TabularFormat.class, names = "TSV")
  void tsvRefusesTextWithTab(TabularFormat format) {
    Dataset bad = new Dataset("bad", List.of(), Map.of("i", new Item("i", "a\tb")), Map.of(), List.of());
    assertThatThrownBy(() -> TabularDatasetWriter.write(bad, dir, format))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text").hasMessageContaining("tab");
    assertThat(Files.exists(dir.resolve("impressions.tsv"))).isFalse();
  }
}
