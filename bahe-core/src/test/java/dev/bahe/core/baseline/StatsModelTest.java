package dev.bahe.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.DatasetSplit;
import dev.bahe.api.data.Impression;
import dev.bahe.core.data.TimeSplitter;
import dev.bahe.core.eval.Evaluator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code stats} baseline on data with MovieLens's shift: it learns the counters' signal, keeps the groups
 * that carry into new users and drops the user-impression counters that do not, and its DJL block scores exactly
 * what the fitted regression says.
 */
class StatsModelTest {

  /** Behaviours record the opposite of the label 30 % of the time: the training labels are the cleaner evidence. */
  private static final DatasetSplit SPLIT =
      TimeSplitter.split(ArrivingUsers.generate(400, 30, 60, 1.5, 0.3, 11), 0.1, 0.2);

  private static StatsModel.Builder builder() {
    return builder(SPLIT);
  }

  private static StatsModel.Builder builder(DatasetSplit split) {
    Dataset d = split.dataset();
    return StatsModel.builder().setCounters(PointInTimeCounters.of(d, split.train())).setTraining(split.train());
  }

  @Test
  void learnsTheSignalOfTheCounters() {
    DatasetSplit clean = TimeSplitter.split(ArrivingUsers.generate(400, 30, 60, 1.5, 0.0, 11), 0.1, 0.2);
    try (StatsModel model = builder(clean).optValidation(clean.valid()).build()) {
      assertThat(new Evaluator(512).evaluate("test", model, clean.test()).auc()).isGreaterThan(0.75);
    }
  }

  @Test
  void selectionKeepsTheItemAndShareGroupsAndDropsTheUserImpressionCountersThatDoNotCarryOver() {
    Evaluator evaluator = new Evaluator(512);
    try (StatsModel selected = builder().optValidation(SPLIT.valid()).build();
        StatsModel all = builder().build()) {
      assertThat(selected.name()).isEqualTo("stats");
      assertThat(selected.keptGroups()).contains(CounterGroup.ITEM)
          .doesNotContain(CounterGroup.USER_IMPRESSIONS)
          .containsAnyOf(CounterGroup.TYPE_SHARES, CounterGroup.RECENT_SHARES);
      assertThat(all.keptGroups()).containsExactly(CounterGroup.values());
      assertThat(all.validationAuc()).isNaN();
      assertThat(selected.validationAuc()).isGreaterThan(0.65);

      double selectedAuc = evaluator.evaluate("test", selected, SPLIT.test()).auc();
      double allAuc = evaluator.evaluate("test", all, SPLIT.test()).auc();
      // within training the user's labels explain the user better than the noisy behaviours, so a fit on every
      // group leans on them; on the new users of the test they are empty
      assertThat(selectedAuc).as("selected groups against all groups on new users").isGreaterThan(allAuc + 0.03)
          .isGreaterThan(0.68);
    }
  }

  @Test
  void theBlockScoresTheFittedRegressionOnTheStandardizedCounters() {
    try (StatsModel model = builder().optValidation(SPLIT.valid()).build()) {
      PointInTimeCounters raw = PointInTimeCounters.of(SPLIT.dataset(), SPLIT.train());
      StandardizedCounters std = StandardizedCounters.fit(raw, SPLIT.train());
      List<Impression> batch = SPLIT.test().subList(0, 50);
      double[] p = new Evaluator(16).predict(model, batch);
      Map<String, Double> w = model.coefficients();
      assertThat(w).isNotEmpty();
      float[] row = new float[raw.size()];
      for (int i = 0; i < batch.size(); i++) {
        std.copyFeatures(batch.get(i), row, 0);
        double z = model.bias();
        for (int c = 0; c < raw.size(); c++) {
          z += w.getOrDefault(raw.names().get(c), 0.0) * row[c];
        }
        assertThat(p[i]).isCloseTo(Evaluator.sigmoid(z), within(1e-5));
      }
      // the coefficients name exactly the kept groups' columns
      assertThat(w.keySet()).allSatisfy(name -> assertThat(model.keptGroups())
          .contains(raw.groups().get(raw.names().indexOf(name))));
    }
  }

  @Test
  void buildingIsDeterministic() {
    try (StatsModel a = builder().optValidation(SPLIT.valid()).build();
        StatsModel b = builder().optValidation(SPLIT.valid()).build()) {
      assertThat(a.keptGroups()).isEqualTo(b.keptGroups());
      assertThat(a.coefficients()).isEqualTo(b.coefficients());
    }
  }

  @Test
  void noTrainingImpressionsIsAClearError() {
    PointInTimeCounters c = PointInTimeCounters.of(SPLIT.dataset(), SPLIT.train());

    assertThatThrownBy(() -> StatsModel.builder().setCounters(c).setTraining(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs training impressions");
  }
}
