package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;

/** Compares two datasets by content (UserHistory has no equals). */
final class DatasetAssertions {

  private DatasetAssertions() {}

  static void assertSameContent(Dataset actual, Dataset expected) {
    assertThat(actual.types()).isEqualTo(expected.types());
    assertThat(actual.items()).isEqualTo(expected.items());
    assertThat(actual.impressions()).isEqualTo(expected.impressions());
    assertThat(actual.histories().keySet()).isEqualTo(expected.histories().keySet());
    for (String user : expected.histories().keySet()) {
      assertThat(actual.history(user).types()).isEqualTo(expected.history(user).types());
      for (BehaviorType type : expected.types()) {
        assertThat(actual.history(user).all(type)).as("user %s type %s", user, type)
            .isEqualTo(expected.history(user).all(type));
      }
    }
  }
}
