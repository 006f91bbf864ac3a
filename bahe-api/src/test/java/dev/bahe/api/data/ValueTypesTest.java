package dev.bahe.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void invalidValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> new Behavior(BehaviorType.of("liked"), 1, "  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
    assertThatThrownBy(() -> BehaviorType.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Item("i7", "")).hasMessageContaining("i7");
    assertThatThrownBy(() -> new Impression("u", "i", 1, 2)).hasMessageContaining("label must be 0 or 1, was 2");
  }

  @Test
  void datasetLookups() {
    Item item = new Item("i1", "Toy Story (1995)");
    UserHistory h = UserHistory.of("u1", List.of(new Behavior(BehaviorType.of("liked"), 1, "Heat (1995)")));
    Dataset ds = new Dataset("tiny", List.of(BehaviorType.of("liked")), Map.of("i1", item), Map.of("u1", h),
        List.of(new Impression("u1", "i1", 2, 1)));
    assertThat(ds.item("i1")).isEqualTo(item);
    assertThat(ds.history("u1")).isSameAs(h);
    assertThat(ds.history("u2").size()).isZero();
    assertThatThrownBy(() -> ds.item("nope")).hasMessageContaining("'nope'").hasMessageContaining("tiny");
  }
}
