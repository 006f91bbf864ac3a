package dev.bahe.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backward elimination with a made-up additive score: which groups go, in which order, and when it stops. */
class BackwardGroupSelectionTest {

  private static final List<CounterGroup> ALL = List.of(CounterGroup.values());

  /** Score = 0.5 + the sum of the groups' effects. */
  private static double score(List<CounterGroup> groups, Map<CounterGroup, Double> effect) {
    return 0.5 + groups.stream().mapToDouble(g -> effect.getOrDefault(g, 0.0)).sum();
  }

  @Test
  void dropsTheGroupsThatHurtOrDoNothingAndKeepsTheOnesThatHelp() {
    Map<CounterGroup, Double> effect = Map.of(CounterGroup.ITEM, 0.2, CounterGroup.USER_IMPRESSIONS, -0.03,
        CounterGroup.TYPE_COUNTS, 0.0, CounterGroup.TYPE_SHARES, -0.01, CounterGroup.RECENT_SHARES, 0.05);
    List<List<CounterGroup>> asked = new ArrayList<>();

    BackwardGroupSelection.Selection s = BackwardGroupSelection.select(ALL, g -> {
      asked.add(g);
      return score(g, effect);
    });

    assertThat(s.kept()).containsExactly(CounterGroup.ITEM, CounterGroup.RECENT_SHARES);
    assertThat(s.score()).isEqualTo(0.75, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(s.allScore()).isEqualTo(0.71, org.assertj.core.api.Assertions.within(1e-12));
    // the worst group goes first: the second round no longer contains USER_IMPRESSIONS
    assertThat(asked.get(0)).isEqualTo(ALL);
    assertThat(asked.get(6)).doesNotContain(CounterGroup.USER_IMPRESSIONS);
  }

  @Test
  void stopsWhenEveryRemovalScoresLowerAndAlwaysKeepsOneGroup() {
    BackwardGroupSelection.Selection helpful = BackwardGroupSelection.select(ALL, g -> 0.5 + 0.01 * g.size());
    assertThat(helpful.kept()).isEqualTo(ALL);

    BackwardGroupSelection.Selection useless = BackwardGroupSelection.select(ALL, g -> 0.5);
    assertThat(useless.kept()).hasSize(1);
  }

  @Test
  void anUndefinedScoreCountsAsTheLowest() {
    BackwardGroupSelection.Selection s = BackwardGroupSelection.select(List.of(CounterGroup.ITEM,
        CounterGroup.TYPE_COUNTS), g -> g.contains(CounterGroup.ITEM) ? 0.6 : Double.NaN);

    assertThat(s.kept()).containsExactly(CounterGroup.ITEM);
  }
}
