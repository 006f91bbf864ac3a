package dev.bahe.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bahe.api.data.Impression;
import dev.bahe.core.export.RepresentationTable.ImpressionKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepresentationTableTest {

  private static final Impression A = new Impression("u1", "i1", 10L, 1);
  private static final Impression B = new Impression("u2", "i2", 20L, 0);
  private static final Impression LATER = new Impression("u1", "i2", 30L, 0);

  private static RepresentationTable table() {
    return RepresentationTable.of(
        Map.of(ImpressionKey.of(A), new float[] {1f, 5f}, ImpressionKey.of(B), new float[] {3f, 5f},
            ImpressionKey.of(LATER), new float[] {7f, 9f}),
        Map.of("i1", new float[] {10f}, "i2", new float[] {20f}));
  }

  @Test
  void standardisesEachColumnOverTheFittingImpressionsOnly() {
    RepresentationTable z = table().standardized(List.of(A, B));
    float[] row = new float[3];
    z.copyFeatures(A, row, 0);
    // column 0 over A, B: mean 2, sd 1; column 1 constant 5: centred only; Q_i column over i1, i2: mean 15, sd 5
    assertThat(row[0]).isCloseTo(-1f, within(1e-6f));
    assertThat(row[1]).isCloseTo(0f, within(1e-6f));
    assertThat(row[2]).isCloseTo(-1f, within(1e-6f));
    // an impression outside the fitting set gets the same transform, not its own statistics
    z.copyFeatures(LATER, row, 0);
    assertThat(row[0]).isCloseTo(5f, within(1e-6f));
    assertThat(row[1]).isCloseTo(4f, within(1e-6f));
    assertThat(row[2]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void fittingOnNothingOrOnAnImpressionWithoutRepresentationIsAnError() {
    assertThatThrownBy(() -> table().standardized(List.of())).hasMessageContaining("at least one impression");
    assertThatThrownBy(() -> table().standardized(List.of(new Impression("u9", "i1", 1L, 1))))
        .hasMessageContaining("no exported Q_u");
  }
}
