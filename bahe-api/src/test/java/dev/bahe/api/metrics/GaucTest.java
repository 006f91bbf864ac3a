package dev.bahe.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaucTest {

  // user a: positives {0.9, 0.3}, negatives {0.8, 0.1}: 0.9 beats both, 0.3 beats 0.1 only -> AUC 3/4, 4 impressions
  // user b: positive 0.4, negative 0.6 -> AUC 0, 2 impressions
  // user c: 3 impressions, all clicked -> no AUC, skipped
  // GAUC = (0.75 * 4 + 0 * 2) / 6 = 0.5
  private static final String[] USERS = {"a", "a", "a", "a", "b", "b", "c", "c", "c"};
  private static final double[] SCORES = {0.9, 0.8, 0.3, 0.1, 0.4, 0.6, 0.2, 0.5, 0.7};
  private static final int[] LABELS = {1, 0, 1, 0, 1, 0, 1, 1, 1};

  @Test
  void handComputedTwoUsersWeightedByImpressionsWithOneClassUserSkipped() {
    Gauc.Result result = Gauc.of(USERS, SCORES, LABELS);
    assertThat(result.value()).isCloseTo(0.5, within(1e-15));
    assertThat(result.usersEvaluated()).isEqualTo(2);
    assertThat(result.usersSkipped()).isEqualTo(1);
    assertThat(result.impressionsEvaluated()).isEqualTo(6);
    assertThat(result.impressionsSkipped()).isEqualTo(3);
    // impression weighting matters: the unweighted mean of user AUCs would be 0.375
    assertThat(result.value()).isNotCloseTo((0.75 + 0.0) / 2, within(1e-6));
  }

  @Test
  void handComputedWithTiesWithinAUserCountingOneHalf() {
    // user a: positives {0.5, 0.2}, negatives {0.5, 0.2, 0.1}:
    //   0.5 ties 0.5 (1/2), beats 0.2 and 0.1 (2) -> 2.5; 0.2 loses to 0.5, ties 0.2 (1/2), beats 0.1 (1) -> 1.5
    //   AUC 4 / 6, 5 impressions
    // user b: one positive and one negative with the same score (a model constant per user): AUC 1/2, 2 impressions
    // user c: positive 0.3 below negative 0.4: AUC 0, 2 impressions
    // GAUC = (4/6 * 5 + 0.5 * 2 + 0 * 2) / 9 = (10/3 + 1) / 9 = 13/27
    String[] users = {"a", "a", "a", "a", "a", "b", "b", "c", "c"};
    double[] scores = {0.5, 0.2, 0.5, 0.2, 0.1, 0.7, 0.7, 0.3, 0.4};
    int[] labels = {1, 1, 0, 0, 0, 1, 0, 1, 0};

    Gauc.Result result = Gauc.of(users, scores, labels);

    assertThat(result.value()).isCloseTo(13.0 / 27, within(1e-15));
    assertThat(result.usersEvaluated()).isEqualTo(3);
    assertThat(result.impressionsEvaluated()).isEqualTo(9);
  }

  @Test
  void streamingInAnyOrderGivesTheSameResult() {
    Gauc gauc = new Gauc();
    for (int i = USERS.length - 1; i >= 0; i--) {
      gauc.add(USERS[i], SCORES[i], LABELS[i]);
    }
    assertThat(gauc.result()).isEqualTo(Gauc.of(USERS, SCORES, LABELS));
  }

  @Test
  void noUserWithBothClassesIsNaNWithAllCounted() {
    Gauc.Result result = Gauc.of(new String[] {"a", "a", "b"}, new double[] {0.1, 0.2, 0.3}, new int[] {1, 1, 0});
    assertThat(result.value()).isNaN();
    assertThat(result.usersEvaluated()).isZero();
    assertThat(result.usersSkipped()).isEqualTo(2);
    assertThat(result.impressionsSkipped()).isEqualTo(3);
    assertThat(new Gauc().result().value()).isNaN();
  }

  @Test
  void singleUserGaucEqualsItsAuc() {
    double[] scores = {0.5, 0.5, 0.3, 0.7, 0.7};
    int[] labels = {1, 0, 0, 1, 0};
    String[] users = {"u", "u", "u", "u", "u"};
    assertThat(Gauc.of(users, scores, labels).value()).isEqualTo(Auc.of(scores, labels));
  }

  @Test
  void mismatchedLengthsAndNaNScoresAreRejected() {
    assertThatThrownBy(() -> Gauc.of(new String[] {"a"}, new double[] {0.1, 0.2}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Gauc().add("a", Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
