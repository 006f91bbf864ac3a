package dev.bahe.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The counters of a tiny dataset computed by hand (α = 2, W = 2), including impressions at the same time as a
 * behaviour or another impression, the recent window and users and items never seen; then the same counters
 * against a brute-force count over {@link UserHistory#recent} on random data.
 */
class PointInTimeCountersTest {

  private static final BehaviorType LIKED = BehaviorType.of("liked");
  private static final BehaviorType DISLIKED = BehaviorType.of("disliked");
  private static final double TOL = 1e-6;

  /**
   * u1: liked@1, disliked@2, liked@3, liked@5; u2 has no behaviour. Training: (u1,i1,2,+), (u1,i2,3,-),
   * (u2,i1,3,+), (u1,i1,5,-), so p0 = 1/2; behaviours up to time 5: 3 liked, 1 disliked, so q = (4/6, 2/6).
   */
  private static Dataset tiny() {
    UserHistory u1 = UserHistory.of("u1", List.of(new Behavior(LIKED, 1, "a"), new Behavior(DISLIKED, 2, "b"),
        new Behavior(LIKED, 3, "c"), new Behavior(LIKED, 5, "d")));
    return new Dataset("tiny", List.of(LIKED, DISLIKED), Map.of("i1", new Item("i1", "one")),
        Map.of("u1", u1), training());
  }

  private static List<Impression> training() {
    return List.of(new Impression("u1", "i1", 2, 1), new Impression("u1", "i2", 3, 0),
        new Impression("u2", "i1", 3, 1), new Impression("u1", "i1", 5, 0));
  }

  private static PointInTimeCounters counters() {
    return PointInTimeCounters.builder().setDataset(tiny()).setTraining(training()).optPseudoCount(2)
        .optRecentWindow(2).build();
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  @Test
  void namesAndGroupsFollowTheDocumentedLayout() {
    PointInTimeCounters c = counters();

    assertThat(c.size()).isEqualTo(10);
    assertThat(c.names()).containsExactly("item.rate", "item.log_count", "user.rate", "user.log_count",
        "type.liked.log_count", "type.liked.share", "type.liked.recent_share", "type.disliked.log_count",
        "type.disliked.share", "type.disliked.recent_share");
    assertThat(c.columns(CounterGroup.ITEM)).containsExactly(0, 1);
    assertThat(c.columns(CounterGroup.USER_IMPRESSIONS)).containsExactly(2, 3);
    assertThat(c.columns(CounterGroup.TYPE_COUNTS)).containsExactly(4, 7);
    assertThat(c.columns(CounterGroup.TYPE_SHARES)).containsExactly(5, 8);
    assertThat(c.columns(CounterGroup.RECENT_SHARES)).containsExactly(6, 9);
    assertThat(c.positiveRate()).isEqualTo(0.5);
  }

  @Test
  void anImpressionSeesOnlyWhatCameStrictlyBeforeIt() {
    // (u1, i1) at 5: the impression and the behaviour at 5 are ties and do not count
    float[] f = counters().features(new Impression("u1", "i1", 5, 0));

    // item i1: impressions at 2 (+) and 3 (+): (2 + 2·0.5) / (2 + 2) = 3/4
    assertThat(f[0]).isCloseTo((float) logit(0.75), within((float) TOL));
    assertThat(f[1]).isCloseTo((float) Math.log(3), within((float) TOL));
    // user u1: impressions at 2 (+) and 3 (-): (1 + 1) / 4 = 1/2
    assertThat(f[2]).isCloseTo(0f, within((float) TOL));
    assertThat(f[3]).isCloseTo((float) Math.log(3), within((float) TOL));
    // behaviours before 5: liked@1, disliked@2, liked@3 (c = 3); the window W = 2 holds disliked@2, liked@3
    assertThat(f[4]).isCloseTo((float) Math.log(3), within((float) TOL));
    assertThat(f[5]).isCloseTo((float) logit((2 + 2 * 4.0 / 6) / 5), within((float) TOL)); // 2/3
    assertThat(f[6]).isCloseTo((float) logit((1 + 2 * 4.0 / 6) / 4), within((float) TOL)); // 7/12
    assertThat(f[7]).isCloseTo((float) Math.log(2), within((float) TOL));
    assertThat(f[8]).isCloseTo((float) logit((1 + 2 * 2.0 / 6) / 5), within((float) TOL)); // 1/3
    assertThat(f[9]).isCloseTo((float) logit((1 + 2 * 2.0 / 6) / 4), within((float) TOL)); // 5/12
  }

  @Test
  void aTrainingImpressionDoesNotCountItself() {
    float[] f = counters().features(new Impression("u1", "i1", 2, 1));

    assertThat(f[0]).as("item prior").isCloseTo(0f, within((float) TOL));
    assertThat(f[1]).isZero();
    assertThat(f[3]).isZero();
    // one behaviour before 2: liked@1
    assertThat(f[4]).isCloseTo((float) Math.log(2), within((float) TOL));
    assertThat(f[6]).isCloseTo((float) logit((1 + 2 * 4.0 / 6) / 3), within((float) TOL));
    assertThat(f[7]).isZero();
  }

  @Test
  void aLaterImpressionSeesTheWholeTrainingPeriodAndTheRecentWindowMoves() {
    float[] f = counters().features(new Impression("u1", "i1", 100, 0));

    // item i1: 3 impressions, 2 positive: (2 + 1) / 5
    assertThat(f[0]).isCloseTo((float) logit(0.6), within((float) TOL));
    assertThat(f[1]).isCloseTo((float) Math.log(4), within((float) TOL));
    // all four behaviours; the window holds liked@3, liked@5
    assertThat(f[4]).isCloseTo((float) Math.log(4), within((float) TOL));
    assertThat(f[6]).isCloseTo((float) logit((2 + 2 * 4.0 / 6) / 4), within((float) TOL)); // 5/6
    assertThat(f[9]).isCloseTo((float) logit((0 + 2 * 2.0 / 6) / 4), within((float) TOL)); // 1/6
  }

  @Test
  void unseenUsersAndItemsGetThePriors() {
    PointInTimeCounters c = counters();
    float[] unknown = c.features(new Impression("nobody", "nothing", 10, 0));

    assertThat(unknown[0]).isCloseTo(0f, within((float) TOL));
    assertThat(unknown[1]).isZero();
    assertThat(unknown[2]).isCloseTo(0f, within((float) TOL));
    assertThat(unknown[3]).isZero();
    assertThat(unknown[4]).isZero();
    assertThat(unknown[5]).isCloseTo((float) logit(4.0 / 6), within((float) TOL));
    assertThat(unknown[6]).isCloseTo((float) logit(4.0 / 6), within((float) TOL));
    assertThat(unknown[8]).isCloseTo((float) logit(2.0 / 6), within((float) TOL));
    // u2 has a training impression (at 3, positive) but no behaviour
    float[] u2 = c.features(new Impression("u2", "nothing", 10, 0));
    assertThat(u2[2]).isCloseTo((float) logit(2.0 / 3), within((float) TOL));
    assertThat(u2[3]).isCloseTo((float) Math.log(2), within((float) TOL));
    assertThat(u2[4]).isZero();
    assertThat(u2[5]).isEqualTo(unknown[5]);
  }

  @Test
  void behaviourCountersMatchABruteForceCountOverTheHistory() {
    long seed = 20240611L;
    Random r = new Random(seed);
    List<BehaviorType> types = List.of(LIKED, BehaviorType.of("neutral"), DISLIKED);
    Map<String, UserHistory> histories = new HashMap<>();
    List<Impression> impressions = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      List<Behavior> behaviors = new ArrayList<>();
      int n = r.nextInt(40);
      for (int k = 0; k < n; k++) {
        behaviors.add(new Behavior(types.get(r.nextInt(3)), r.nextInt(50), "t" + r.nextInt(30)));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
      for (int k = 0; k < 10; k++) {
        impressions.add(new Impression("u" + u, "i" + r.nextInt(5), r.nextInt(60), r.nextInt(2)));
      }
    }
    Dataset dataset = new Dataset("random", types, Map.of(), histories, impressions);
    int window = 7;
    double alpha = 3;
    PointInTimeCounters c = PointInTimeCounters.builder().setDataset(dataset).setTraining(impressions)
        .optPseudoCount(alpha).optRecentWindow(window).build();
    for (Impression imp : impressions) {
      float[] f = c.features(imp);
      UserHistory h = dataset.history(imp.userId());
      // the user's behaviours before t over all types, merged in time order (ties by type order)
      List<int[]> merged = new ArrayList<>();
      for (int j = 0; j < types.size(); j++) {
        for (Behavior b : h.recent(types.get(j), imp.timestamp(), Integer.MAX_VALUE)) {
          merged.add(new int[] {(int) b.timestamp(), j});
        }
      }
      merged.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
      List<int[]> recent = merged.subList(Math.max(0, merged.size() - window), merged.size());
      for (int j = 0; j < types.size(); j++) {
        int all = h.recent(types.get(j), imp.timestamp(), Integer.MAX_VALUE).size();
        final int type = j;
        long inWindow = recent.stream().filter(e -> e[1] == type).count();
        assertThat(f[4 + 3 * j]).as("seed %d, %s, type %s", seed, imp, types.get(j))
            .isCloseTo((float) Math.log1p(all), within(1e-5f));
        // the shares are monotone in the counts they smooth: recover the counts from the logits
        double share = 1 / (1 + Math.exp(-f[5 + 3 * j]));
        double recentShare = 1 / (1 + Math.exp(-f[6 + 3 * j]));
        double prior = (share * (merged.size() + alpha) - all) / alpha;
        assertThat(recentShare * (recent.size() + alpha) - alpha * prior).as("seed %d, %s", seed, imp)
            .isCloseTo(inWindow, within(1e-3));
      }
      long itemBefore = impressions.stream()
          .filter(o -> o.itemId().equals(imp.itemId()) && o.timestamp() < imp.timestamp()).count();
      assertThat(f[1]).as("seed %d, %s", seed, imp).isCloseTo((float) Math.log1p(itemBefore), within(1e-5f));
    }
  }

  @Test
  void trainingImpressionsOfOneClassOrNoneAreAClearError() {
    Dataset d = tiny();
    List<Impression> allNegative = List.of(new Impression("u1", "i1", 2, 0), new Impression("u1", "i2", 3, 0));

    assertThatThrownBy(() -> PointInTimeCounters.of(d, allNegative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all negative").hasMessageContaining("both classes").hasMessageContaining("tiny");
    assertThatThrownBy(() -> PointInTimeCounters.of(d, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no");
  }
}
