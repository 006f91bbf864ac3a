package dev.bahe.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepresentationFileTest {

  @Test
  void roundTripsUserAndItemRows(@TempDir Path dir) {
    Path users = dir.resolve("qu.bin");
    try (RepresentationFile.Writer w = RepresentationFile.writer(users, RepresentationFile.Kind.USER, 3, 2, "m")) {
      w.user("alice", "i1", 10, new float[] {9, 1f, 2f, 3f}, 1);
      w.user("bob ü", "i2", -5, new float[] {4f, 5f, Float.MIN_VALUE}, 0);
    }
    List<String> seen = new ArrayList<>();
    RepresentationFile.Header h = RepresentationFile.read(users,
        (u, i, t, v) -> seen.add(u + "|" + i + "|" + t + "|" + Arrays.toString(v)));
    assertThat(h).isEqualTo(new RepresentationFile.Header(RepresentationFile.Kind.USER, 3, 2, "m"));
    assertThat(seen).containsExactly("alice|i1|10|[1.0, 2.0, 3.0]", "bob ü|i2|-5|[4.0, 5.0, 1.4E-45]");
    assertThat(dir.resolve("qu.bin.tmp")).doesNotExist();

    Path items = dir.resolve("qi.bin");
    try (RepresentationFile.Writer w = RepresentationFile.writer(items, RepresentationFile.Kind.ITEM, 1, 1, "m")) {
      w.item("i1", new float[] {7f}, 0);
      assertThatThrownBy(() -> w.user("u", "i", 0, new float[1], 0)).isInstanceOf(IllegalStateException.class);
    }
    RepresentationTable table = RepresentationTable.load(users, items);
    float[] out = new float[4];
    table.copyFeatures(new dev.bahe.api.data.Impression("alice", "i1", 10, 1), out, 0);
    assertThat(out).containsExactly(1f, 2f, 3f, 7f);
    assertThatThrownBy(() -> table.copyFeatures(new dev.bahe.api.data.Impression("alice", "i1", 11, 1), out, 0))
        .hasMessageContaining("no exported Q_u");
    assertThatThrownBy(() -> RepresentationTable.load(items, users)).hasMessageContaining("expected USER");
  }

  @Test
  void detectsCorruptionTruncationAndMissingRows(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("q.bin");
    try (RepresentationFile.Writer w = RepresentationFile.writer(f, RepresentationFile.Kind.ITEM, 2, 2, "m")) {
      w.item("a", new float[] {1f, 2f}, 0);
      w.item("b", new float[] {3f, 4f}, 0);
    }
    byte[] good = Files.readAllBytes(f);
    byte[] flipped = good.clone();
    flipped[good.length - 12] ^= 1;
    Files.write(f, flipped);
    assertThatThrownBy(() -> RepresentationFile.read(f, (u, i, t, v) -> {})).hasMessageContaining("corrupt");
    Files.write(f, Arrays.copyOf(good, good.length - 5));
    assertThatThrownBy(() -> RepresentationFile.read(f, (u, i, t, v) -> {})).hasMessageContaining("truncated");
    byte[] foreign = good.clone();
    foreign[0] = 'X';
    Files.write(f, foreign);
    assertThatThrownBy(() -> RepresentationFile.read(f, (u, i, t, v) -> {})).hasMessageContaining("bad magic");

    Path short1 = dir.resolve("short.bin");
    RepresentationFile.Writer w = RepresentationFile.writer(short1, RepresentationFile.Kind.ITEM, 2, 3, "m");
    w.item("a", new float[] {1f, 2f}, 0);
    assertThatThrownBy(w::close).hasMessageContaining("1 rows written but 3 declared");
    assertThat(short1).doesNotExist();
  }
}
