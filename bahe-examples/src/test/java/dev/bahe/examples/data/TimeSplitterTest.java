package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSplitterTest {

  @Test
  void splitsByTimeWithFractionsAndNoTieAcrossBoundaries() {
    List<Impression> impressions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      impressions.add(new Impression("u" + i, "i", i / 2, i % 2)); // pairs of equal timestamps
    }
    Dataset d = new Dataset("d", List.of(), Map.of(), Map.of(), impressions);
    DatasetSplit split = TimeSplitter.split(d, 0.1, 0.2);

    assertThat(split.train().size() + split.valid().size() + split.test().size()).isEqualTo(100);
    assertThat(split.train()).hasSize(70);
    assertThat(split.valid()).hasSize(10);
    assertThat(split.test()).hasSize(20);
    long lastTrain = split.train().get(split.train().size() - 1).timestamp();
    long lastValid = split.valid().get(split.valid().size() - 1).timestamp();
    assertThat(split.valid()).allSatisfy(i -> assertThat(i.timestamp()).isGreaterThan(lastTrain));
    assertThat(split.test()).allSatisfy(i -> assertThat(i.timestamp()).isGreaterThan(lastValid));
  }

  @Test
  void tieAtTheBoundaryMovesItLater() {
    List<Impression> impressions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      impressions.add(new Impression("u", "i", i < 8 ? 1 : 2, 0)); // 8 impressions at t=1
    }
    DatasetSplit split = TimeSplitter.split(new Dataset("d", List.of(), Map.of(), Map.of(), impressions), 0.0, 0.5);
    assertThat(split.train()).hasSize(8);
    assertThat(split.valid()).isEmpty();
    assertThat(split.test()).hasSize(2);
  }
}
