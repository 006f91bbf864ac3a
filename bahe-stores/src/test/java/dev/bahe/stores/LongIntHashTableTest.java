package dev.bahe.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntHashTableTest {

  @Test
  void agreesWithHashMapThroughGrowth() {
    LongIntHashTable table = new LongIntHashTable(1);
    Map<Long, Integer> reference = new HashMap<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      // sequential small keys and random ones, which cluster differently
      long key = i % 2 == 0 ? i / 2 + 1 : random.nextLong() | 1L;
      assertThat(table.put(key, i)).isEqualTo(reference.getOrDefault(key, -1));
      reference.put(key, i);
    }
    assertThat(table.size()).isEqualTo(reference.size());
    reference.forEach((k, v) -> assertThat(table.get(k)).isEqualTo(v));
    assertThat(table.get(-12345L)).isEqualTo(-1);
    Set<Long> keys = new HashSet<>();
    table.forEachKey(keys::add);
    assertThat(keys).isEqualTo(reference.keySet());
    table.clear();
    assertThat(table.size()).isZero();
    assertThat(table.get(1L)).isEqualTo(-1);
  }

  @Test
  void rejectsTheEmptyMarkerAndNegativeValues() {
    LongIntHashTable table = new LongIntHashTable(4);
    assertThatThrownBy(() -> table.put(0L, 1)).hasMessageContaining("key 0");
    assertThatThrownBy(() -> table.put(5L, -1)).hasMessageContaining(">= 0");
  }
}
