package dev.bahe.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeSplitterTest {

  private static Dataset dataset(List<Impression> impressions) {
    return new Dataset("t", List.of(), Map.of(), Map.of(), impressions);
  }

  @Test
  void splitsByTimeWithoutLeakageAndKeepsEqualTimesTogether() {
    Random r = new Random(3);
    List<Impression> imps = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      // many ties: 137 distinct timestamps
      imps.add(new Impression("u" + r.nextInt(50), "i" + r.nextInt(40), r.nextInt(137), r.nextInt(2)));
    }
    Collections.shuffle(imps, r);
    DatasetSplit split = TimeSplitter.split(dataset(imps), 0.1, 0.2);
    long maxTrain = split.train().stream().mapToLong(Impression::timestamp).max().orElseThrow();
    long minValid = split.valid().stream().mapToLong(Impression::timestamp).min().orElseThrow();
    long maxValid = split.valid().stream().mapToLong(Impression::timestamp).max().orElseThrow();
    long minTest = split.test().stream().mapToLong(Impression::timestamp).min().orElseThrow();
    assertThat(maxTrain).isLessThan(minValid);
    assertThat(maxValid).isLessThan(minTest);
    assertThat(split.train().size() + split.valid().size() + split.test().size()).isEqualTo(1000);
    List<Impression> all = new ArrayList<>(split.train());
    all.addAll(split.valid());
    all.addAll(split.test());
    assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(imps));
    // sizes close to the fractions (a timestamp holds about 7 impressions)
    assertThat(split.test().size()).isBetween(180, 220);
    assertThat(split.valid().size()).isBetween(80, 120);
    // every split is sorted by time
    for (List<Impression> part : List.of(split.train(), split.valid(), split.test())) {
      for (int i = 1; i < part.size(); i++) {
        assertThat(part.get(i).timestamp()).isGreaterThanOrEqualTo(part.get(i - 1).timestamp());
      }
    }
  }

  @Test
  void exactFractionsWithDistinctTimesAndEmptyValidation() {
    List<Impression> imps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      imps.add(new Impression("u", "i", 100 - i, i % 2));
    }
    DatasetSplit split = TimeSplitter.split(dataset(imps), 0.0, 0.3);
    assertThat(split.valid()).isEmpty();
    assertThat(split.test()).extracting(Impression::timestamp).containsExactly(98L, 99L, 100L);
    assertThat(split.train()).hasSize(7);
  }

  @Test
  void refusesASplitThatLeavesTrainOrTestEmpty() {
    List<Impression> sameTime = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sameTime.add(new Impression("u" + i, "i", 5, 0));
    }
    assertThatThrownBy(() -> TimeSplitter.split(dataset(sameTime), 0.1, 0.2))
        .hasMessageContaining("empty").hasMessageContaining("distinct timestamps");
    assertThatThrownBy(() -> TimeSplitter.split(dataset(sameTime), 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shuffledBatchesAreSeededAndCoverEverything() {
    List<Impression> imps = new ArrayList<>();
    for (int i = 0; i < 103; i++) {
      imps.add(new Impression("u" + i, "i", i, 0));
    }
    List<List<Impression>> a = new ArrayList<>();
    MiniBatches.shuffled(imps, 10, 42).forEach(a::add);
    List<List<Impression>> b = new ArrayList<>();
    MiniBatches.shuffled(imps, 10, 42).forEach(b::add);
    List<List<Impression>> c = new ArrayList<>();
    MiniBatches.shuffled(imps, 10, MiniBatches.epochSeed(42, 2)).forEach(c::add);
    assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(11);
    assertThat(a.get(10)).hasSize(3);
    assertThat(a.stream().flatMap(List::stream).distinct().count()).isEqualTo(103);
    assertThat(a.stream().flatMap(List::stream).toList()).isNotEqualTo(imps);
    assertThat(MiniBatches.sequential(imps, 10).iterator().next()).isEqualTo(imps.subList(0, 10));
    assertThat(MiniBatches.epochSeed(42, 1)).isNotEqualTo(MiniBatches.epochSeed(42, 2));
  }
}
