package dev.bahe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

  @Test
  void rowLengthIsOnePastTheLastUsedPositionAndAnEmptyRowStillHasOne() {
    float[] mask = {
        1, 1, 0, 0,
        1, 0, 1, 0,
        0, 0, 0, 0,
        1, 1, 1, 1};
    assertThat(LengthBuckets.rowLengths(mask, 4, 4)).containsExactly(2, 3, 1, 4);
    assertThatThrownBy(() -> LengthBuckets.rowLengths(mask, 3, 4)).hasMessageContaining("not 3 x 4");
  }

  @Test
  void planMinimisesPaddedPositionsPlusTheCostOfEachGroup() {
    int[] lengths = {5, 1, 1, 5, 2};
    // free groups: one per distinct length, no padding at all (5 + 5 + 2 + 1 + 1 = 14 positions)
    List<LengthBuckets.Bucket> free = LengthBuckets.plan(lengths, 0);
    assertThat(LengthBuckets.paddedPositions(free)).isEqualTo(14);
    // a group costing 3: {5, 5} and {2, 1, 1} = 10 + 6 + 2·3 = 22 beats one group (25 + 3), three groups
    // (14 + 9 = 23) and {5, 5, 2}, {1, 1} (15 + 2 + 6 = 23)
    List<LengthBuckets.Bucket> plan = LengthBuckets.plan(lengths, 3);
    assertThat(plan).hasSize(2);
    assertThat(plan.get(0).rows()).containsExactly(0, 3);
    assertThat(plan.get(0).length()).isEqualTo(5);
    assertThat(plan.get(1).rows()).containsExactly(4, 1, 2);
    assertThat(plan.get(1).length()).isEqualTo(2);
    // a group dearer than any padding: the whole batch at its longest
    List<LengthBuckets.Bucket> one = LengthBuckets.plan(lengths, 1_000);
    assertThat(one).hasSize(1);
    assertThat(one.get(0).rows()).containsExactly(0, 3, 4, 1, 2);
    assertThat(LengthBuckets.paddedPositions(one)).isEqualTo(25);
    assertThat(LengthBuckets.plan(new int[0], 3)).isEmpty();
  }
}
