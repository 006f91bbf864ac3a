package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TabularDatasetLoaderTest {

  @TempDir
  Path dir;

  private static final String ITEMS = "item_id\ttext\ni1\twireless earbuds\ni2\tmatcha latte powder\n";
  private static final String BEHAVIORS = """
      user_id\ttype\ttimestamp\ttext
      u1\tsearch\t100\tsearched: earbuds
      u1\tpurchase\t200\tbought: earbuds case
      u1\tsearch\t300\tsearched: matcha
      u2\tclick\t50\tclicked: green tea
      """;
  private static final String IMPRESSIONS = """
      user_id\titem_id\ttimestamp\tlabel
      u1\ti2\t250\t1
      u1\ti1\t150\t0
      u2\ti1\t400\t0
      """;

  private void write(String items, String behaviors, String impressions) throws IOException {
    Files.writeString(dir.resolve("items.tsv"), items);
    Files.writeString(dir.resolve("behaviors.tsv"), behaviors);
    Files.writeString(dir.resolve("impressions.tsv"), impressions);
  }

  private LoadedDataset load(boolean skip) {
    return TabularDatasetLoader.load(dir, TabularFormat.TSV, skip);
  }

  @Test
  void loadsValidFilesWithPointInTimeHistories() throws IOException {
    write(ITEMS, BEHAVIORS, IMPRESSIONS);
    LoadedDataset loaded = load(false);
    Dataset d = loaded.dataset();

    assertThat(d.items()).containsOnlyKeys("i1", "i2");
    assertThat(d.types()).extracting(BehaviorType::name).containsExactly("click", "purchase", "search");
    assertThat(d.impressions()).extracting(Impression::timestamp).containsExactly(150L, 250L, 400L);
    assertThat(d.history("u1").size()).isEqualTo(3);
    // at t=250 only the search at 100 is visible, not the one at 300
    assertThat(d.history("u1").recent(BehaviorType.of("search"), 250, 10)).extracting(Behavior::text)
        .containsExactly("searched: earbuds");
    assertThat(loaded.report().hasIssues()).isFalse();
    assertThat(loaded.report().behaviors()).isEqualTo(4);
    assertThat(loaded.report().users()).isEqualTo(2);
  }

  /** Rows are written with {@code ~} for a tab and {@code _} for a space. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      wrong column count | behaviors   | u1~search~100     | 2 | text      | WRONG_COLUMN_COUNT
      too many columns   | behaviors   | u1~search~100~x~y | 2 | (column 5) | WRONG_COLUMN_COUNT
      missing user       | behaviors   | ~search~100~x     | 2 | user_id   | MISSING_FIELD
      non-numeric time   | behaviors   | u1~search~noon~x  | 2 | timestamp | BAD_NUMBER
      blank text         | behaviors   | u1~search~100~__  | 2 | text      | BLANK_TEXT
      label not 0/1      | impressions | u1~i1~100~2       | 2 | label     | BAD_LABEL
      missing label      | impressions | u1~i1~100~        | 2 | label     | MISSING_FIELD
      blank item text    | items       | i9~               | 2 | text      | BLANK_TEXT
      """)
  void badRowIsAnErrorNamingFileLineAndField(String name, String file, String row, int line, String field,
      BadRowReason reason) throws IOException {
    String items = "item_id\ttext\n";
    String behaviors = "user_id\ttype\ttimestamp\ttext\n";
    String impressions = "user_id\titem_id\ttimestamp\tlabel\n";
    row = row.replace('~', '\t').replace('_', ' ');
    switch (file) {
      case "items" -> items += row + "\n";
      case "behaviors" -> behaviors += row + "\n";
      default -> impressions += row + "\n";
    }
    write(items, behaviors, impressions);

    assertThatThrownBy(() -> load(false))
        .isInstanceOfSatisfying(DataFormatException.class, e -> {
          assertThat(e.file().getFileName().toString()).isEqualTo(file + ".tsv");
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(file + ".tsv:" + line).contains("field '" + field + "'");
        });
  }

  @Test
  void duplicateItemIsAnError() throws IOException {
    write(ITEMS + "i1\tsomething else\n", BEHAVIORS, IMPRESSIONS);
    assertThatThrownBy(() -> load(false)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("items.tsv:4").hasMessageContaining("item_id");
  }

  @Test
  void skipModeCountsBadRowsByReason() throws IOException {
    write(ITEMS + "i3\t \n",
        BEHAVIORS + "u1\tsearch\tlater\tx\nu1\tsearch\nu1\tsearch\t1\ty\textra\nu3\tclick\t5\tclicked: tea\n",
        IMPRESSIONS + "u1\ti1\t500\tyes\nu1\ti1\t\t1\n");
    LoadedDataset loaded = load(true);
    LoadReport report = loaded.report();

    assertThat(report.skippedRows()).containsOnly(
        java.util.Map.entry(BadRowReason.BLANK_TEXT, 1L),
        java.util.Map.entry(BadRowReason.BAD_NUMBER, 1L),
        java.util.Map.entry(BadRowReason.WRONG_COLUMN_COUNT, 2L),
        java.util.Map.entry(BadRowReason.BAD_LABEL, 1L),
        java.util.Map.entry(BadRowReason.MISSING_FIELD, 1L));
    assertThat(report.skippedTotal()).isEqualTo(6);
    assertThat(report.skippedExamples()).hasSize(6).anySatisfy(m -> assertThat(m).contains("behaviors.tsv:6"));
    assertThat(report.summary()).contains("skipped 6 bad rows");
    // the good rows around the bad ones are all there
    assertThat(loaded.dataset().items()).hasSize(2);
    assertThat(report.behaviors()).isEqualTo(5);
    assertThat(loaded.dataset().impressions()).hasSize(3);
  }

  @Test
  void unknownItemIsSkippedAndUnknownUserKeptBothReported() throws IOException {
    write(ITEMS, BEHAVIORS, IMPRESSIONS + "u1\tnope\t500\t1\nu1\tnope\t600\t0\nghost\ti1\t700\t1\n");
    LoadedDataset loaded = load(false);
    LoadReport report = loaded.report();

    assertThat(report.unknownItemImpressions()).isEqualTo(2);
    assertThat(report.unknownItemIds()).containsExactly("nope");
    assertThat(report.unknownUserImpressions()).isEqualTo(1);
    assertThat(report.unknownUserIds()).containsExactly("ghost");
    assertThat(report.hasIssues()).isTrue();
    assertThat(report.summary()).contains("unknown items: nope").contains("without behaviours").contains("ghost");
    assertThat(loaded.dataset().impressions()).extracting(Impression::userId).contains("ghost");
    assertThat(loaded.dataset().impressions()).extracting(Impression::itemId).doesNotContain("nope");
    assertThat(loaded.dataset().history("ghost").size()).isZero();
  }

  @Test
  void badHeaderIsFatalEvenWhenSkipping() throws IOException {
    write(ITEMS, "user_id\ttype\ttime\ttext\nu1\tsearch\t1\tx\n", IMPRESSIONS);
    assertThatThrownBy(() -> load(true)).isInstanceOfSatisfying(DataFormatException.class, e -> {
      assertThat(e.line()).isEqualTo(1);
      assertThat(e.field()).isEqualTo("timestamp");
      assertThat(e.skippable()).isFalse();
      assertThat(e.getMessage()).contains("behaviors.tsv").contains("required column missing");
    });
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Files.writeString(dir.resolve("items.tsv"), ITEMS);
    assertThatThrownBy(() -> load(true)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("behaviors.tsv").hasMessageContaining("not found");
  }

  @Test
  void toleratesBomCrlfBlankLinesAndExtraColumnsInAnyOrder() throws IOException {
    write("\uFEFFtext\titem_id\r\nwireless earbuds\ti1\r\n\r\nmatcha\ti2\r\n",
        "type\tuser_id\ttext\ttimestamp\tsource\nsearch\tu1\tsearched: x\t100\tweb\n",
        IMPRESSIONS.replace("\n", "\r\n"));
    Dataset d = load(false).dataset();
    assertThat(d.item("i1").text()).isEqualTo("wireless earbuds");
    assertThat(d.item("i2").text()).isEqualTo("matcha");
    assertThat(d.history("u1").all(BehaviorType.of("search"))).extracting(Behavior::timestamp).containsExactly(100L);
    assertThat(d.impressions()).hasSize(3);
  }

  @Test
  void invalidUtf8IsAnErrorNamingTheLine() throws IOException {
    write(ITEMS, BEHAVIORS, IMPRESSIONS);
    byte[] bad = "item_id\ttext\ni1\tok\ni2\t".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(bad, bad.length + 2);
    bytes[bad.length] = (byte) 0xC3;
    bytes[bad.length + 1] = (byte) '\n';
    Files.write(dir.resolve("items.tsv"), bytes);
    assertThatThrownBy(() -> load(false)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("items.tsv:3").hasMessageContaining("UTF-8");
    LoadedDataset skipped = load(true);
    assertThat(skipped.report().skipped(BadRowReason.BAD_ENCODING)).isEqualTo(1);
    assertThat(skipped.dataset().items()).containsOnlyKeys("i1");
  }

  @Test
  void jsonlBadRowsNameLineAndField() throws IOException {
    Files.writeString(dir.resolve("items.jsonl"), "{\"item_id\": \"i1\", \"text\": \"earbuds\"}\n");
    Files.writeString(dir.resolve("behaviors.jsonl"), """
        {"user_id": 7, "type": "search", "timestamp": 100, "text": "searched: earbuds"}
        {"user_id": 7, "type": "search", "timestamp": "soon", "text": "x"}
        {"user_id": 7, "type": "search"
        [1, 2]
        {"user_id": 7, "type": ["a"], "timestamp": 1, "text": "x"}
        {"user_id": 7, "type": "search", "timestamp": 1}
        """);
    Files.writeString(dir.resolve("impressions.jsonl"), """
        {"user_id": "7", "item_id": "i1", "timestamp": 200, "label": 1}
        {"user_id": "7", "item_id": "i1", "timestamp": 300, "label": 0.5}
        """);

    assertThatThrownBy(() -> TabularDatasetLoader.load(dir, TabularFormat.JSONL, false))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("behaviors.jsonl:2")
        .hasMessageContaining("field 'timestamp'");

    LoadedDataset loaded = TabularDatasetLoader.load(dir, TabularFormat.JSONL, true);
    assertThat(loaded.report().skippedRows()).containsOnly(
        java.util.Map.entry(BadRowReason.BAD_NUMBER, 1L),
        java.util.Map.entry(BadRowReason.BAD_JSON, 3L),
        java.util.Map.entry(BadRowReason.MISSING_FIELD, 1L),
        java.util.Map.entry(BadRowReason.BAD_LABEL, 1L));
    assertThat(loaded.dataset().history("7").size()).isEqualTo(1);
    assertThat(loaded.dataset().impressions()).containsExactly(new Impression("7", "i1", 200, 1));
  }
  @Test
  void whitespaceLinesOtherThanSpacesAreRowsNotSilentlyIgnored() throws IOException {
    write(ITEMS + "   \n\t\t\n\u001C\n", BEHAVIORS, IMPRESSIONS);
    assertThatThrownBy(() -> load(false)).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("items.tsv:5");
    LoadReport report = load(true).report();
    assertThat(report.skippedTotal()).isEqualTo(2);
    assertThat(report.items()).isEqualTo(2);
  }

  @Test
  void undecodableHeaderIsFatalEvenWhenSkipping() throws IOException {
    write(ITEMS, BEHAVIORS, IMPRESSIONS);
    Files.write(dir.resolve("items.tsv"), new byte[] {'i', 'd', (byte) 0xFF, '\n', 'i', '1', '\n'});
    assertThatThrownBy(() -> load(true)).isInstanceOfSatisfying(DataFormatException.class, e -> {
      assertThat(e.skippable()).isFalse();
      assertThat(e.getMessage()).contains("items.tsv:1").contains("UTF-8");
    });
  }

  @Test
  void jsonlLineWithTwoObjectsOrARepeatedKeyIsABadRow() throws IOException {
    Files.writeString(dir.resolve("items.jsonl"), """
        {"item_id": "i1", "text": "earbuds"}{"item_id": "i2", "text": "tea"}
        {"item_id": "i3", "text": "a", "text": "b"}
        {"item_id": true, "text": "c"}
        {"item_id": "i4", "text": "shoes"}
        """);
    Files.writeString(dir.resolve("behaviors.jsonl"), "");
    Files.writeString(dir.resolve("impressions.jsonl"), "");
    assertThatThrownBy(() -> TabularDatasetLoader.load(dir, TabularFormat.JSONL, false))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("items.jsonl:1");
    LoadedDataset loaded = TabularDatasetLoader.load(dir, TabularFormat.JSONL, true);
    assertThat(loaded.report().skipped(BadRowReason.BAD_JSON)).isEqualTo(3);
    assertThat(loaded.dataset().items()).containsOnlyKeys("i4");
  }
}
