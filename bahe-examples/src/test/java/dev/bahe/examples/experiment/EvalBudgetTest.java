package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Impression;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The evaluation budget: its caps (0 = all, negative rejected) and the evenly spaced, order-keeping subset
 * {@link ExperimentPipeline#subset} takes of the validation and test splits.
 */
class EvalBudgetTest {

  /** Impressions whose timestamps are their positions 0 .. n-1. */
  private static List<Impression> impressions(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Impression("u" + i % 3, "i" + i, i, i % 2)).toList();
  }

  private static List<Long> positions(List<Impression> impressions) {
    return impressions.stream().map(Impression::timestamp).toList();
  }

  @Test
  void bothUsesTheSameCapForValidationAndTest() {
    assertThat(EvalBudget.both(300)).isEqualTo(new EvalBudget(300, 300));
  }

  @Test
  void zeroMeansAllAndIsAllowed() {
    EvalBudget all = new EvalBudget(0, 0);

    assertThat(all.validSamples()).isZero();
    assertThat(all.testSamples()).isZero();
  }

  @Test
  void negativeCapsAreRejectedNamingBothValues() {
    assertThatThrownBy(() -> new EvalBudget(-1, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valid -1").hasMessageContaining("test 10");
    assertThatThrownBy(() -> new EvalBudget(10, -5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subsetOfZeroOrNegativeKeepsEveryImpression() {
    List<Impression> all = impressions(10);

    assertThat(ExperimentPipeline.subset(all, 0)).isEqualTo(all);
    assertThat(ExperimentPipeline.subset(all, -3)).isEqualTo(all);
  }

  @Test
  void subsetWithACapAtOrAboveTheSizeKeepsEveryImpression() {
    List<Impression> all = impressions(10);

    assertThat(ExperimentPipeline.subset(all, 10)).isEqualTo(all);
    assertThat(ExperimentPipeline.subset(all, 1000)).isEqualTo(all);
  }

  @Test
  void subsetTakesEvenlySpacedImpressionsInOrder() {
    List<Impression> all = impressions(10);

    assertThat(positions(ExperimentPipeline.subset(all, 5))).containsExactly(0L, 2L, 4L, 6L, 8L);
    assertThat(positions(ExperimentPipeline.subset(all, 3))).containsExactly(0L, 3L, 6L);
    assertThat(positions(ExperimentPipeline.subset(all, 4))).containsExactly(0L, 2L, 5L, 7L);
  }

  @Test
  void subsetOfALargeSplitHasExactlyTheCapDistinctImpressionsSpreadOverTheWholeSplit() {
    List<Impression> all = impressions(1000);

    List<Long> picked = positions(ExperimentPipeline.subset(all, 300));

    assertThat(picked).hasSize(300).doesNotHaveDuplicates().isSorted();
    assertThat(picked.get(0)).isZero();
    // the last pick lies in the last stride, not at the start of the split
    assertThat(picked.get(picked.size() - 1)).isGreaterThanOrEqualTo(1000 - 1000 / 300 - 1);
  }
}
