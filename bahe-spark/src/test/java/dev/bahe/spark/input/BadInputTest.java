package dev.bahe.spark.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.examples.data.BadRowReason;
import dev.bahe.examples.data.DataFormatException;
import dev.bahe.examples.data.Datasets;
import dev.bahe.examples.data.LoadReport;
import dev.bahe.spark.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input read on Spark is reported as the single-machine loaders report it: in strict mode the same first bad
 * row (file, line, field, detail); with skipped bad rows the same counts by reason, the same examples, and the
 * same counts of impressions of unknown items and users.
 */
class BadInputTest {

  @TempDir
  Path dir;

  private Path writeTsv() throws IOException {
    Path data = dir.resolve("bad-tsv");
    Files.createDirectories(data);
    Files.writeString(data.resolve("items.tsv"), String.join("\n",
        "item_id\ttext",
        "i1\tA red apple",
        "i2\t   ",
        "i1\tdefined again",
        "i3\tgreen tea", ""));
    Files.writeString(data.resolve("behaviors.tsv"), String.join("\n",
        "user_id\ttype\ttimestamp\ttext",
        "u1\tclick\t10\tgreen tea",
        "u1\tclick\tyesterday\tA red apple",
        "u2\tbuy\t12",
        "",
        "\tbuy\t13\tcoffee",
        "u2\tbuy\t14\tcoffee", ""));
    Files.writeString(data.resolve("impressions.tsv"), String.join("\n",
        "user_id\titem_id\ttimestamp\tlabel",
        "u1\ti1\t20\t1",
        "u1\ti9\t21\t0",
        "u3\ti3\t22\t0",
        "u2\ti3\t23\t2",
        "u2\ti3\t24\t1", ""));
    return data;
  }

  private Path writeJsonl() throws IOException {
    Path data = dir.resolve("bad-jsonl");
    Files.createDirectories(data);
    Files.writeString(data.resolve("items.jsonl"), String.join("\n",
        "{\"item_id\": \"i1\", \"text\": \"A red apple\"}",
        "{\"item_id\": \"i2\", \"text\": [\"not\", \"text\"]}",
        "not json at all", ""));
    Files.writeString(data.resolve("behaviors.jsonl"), String.join("\n",
        "{\"user_id\": \"u1\", \"type\": \"click\", \"timestamp\": 10, \"text\": \"green tea\"}",
        "{\"user_id\": \"u1\", \"type\": \"click\", \"timestamp\": 11.5, \"text\": \"tea\"}",
        "{\"user_id\": \"u1\", \"type\": \"click\", \"text\": \"tea\"}", ""));
    Files.writeString(data.resolve("impressions.jsonl"), String.join("\n",
        "{\"user_id\": \"u1\", \"item_id\": \"i1\", \"timestamp\": 20, \"label\": 1}",
        "[1, 2]", ""));
    return data;
  }

  @Test
  void strictModeStopsAtTheSameFirstBadRowAsTheLoader() throws IOException {
    for (var c : Map.of(writeTsv(), InputFormat.TSV, writeJsonl(), InputFormat.JSONL).entrySet()) {
      String source = c.getValue().extension();
      Throwable local = org.assertj.core.api.Assertions.catchThrowable(() -> Datasets.loadWithReport(
          TestSpark.dataOptions("data.source=" + source, "data.path='" + c.getKey() + "'")));
      assertThat(local).isInstanceOf(DataFormatException.class);
      assertThatThrownBy(() -> InputTables.read(TestSpark.session(), c.getKey().toString(), c.getValue(), false))
          .isInstanceOf(BadInputException.class)
          .hasMessage(local.getMessage());
    }
  }

  @Test
  void skippedRowsAreCountedByReasonWithTheLoadersExamples() throws IOException {
    for (var c : Map.of(writeTsv(), InputFormat.TSV, writeJsonl(), InputFormat.JSONL).entrySet()) {
      String source = c.getValue().extension();
      LoadReport local = Datasets.loadWithReport(TestSpark.dataOptions("data.source=" + source,
          "data.path='" + c.getKey() + "'", "data.skipBadRows=true")).report();
      InputReport spark = InputTables.read(TestSpark.session(), c.getKey().toString(), c.getValue(), true).report();

      Map<String, Long> expected = new TreeMap<>();
      local.skippedRows().forEach((BadRowReason r, Long n) -> expected.put(r.name(), n));
      Map<String, Long> actual = new TreeMap<>();
      spark.skippedRows().forEach((r, n) -> actual.put(r.name(), n));
      assertThat(actual).as(source).isEqualTo(expected).isNotEmpty();
      assertThat(spark.skippedExamples()).as(source).containsExactlyElementsOf(local.skippedExamples());
      assertThat(spark.items()).isEqualTo(local.items());
      assertThat(spark.behaviors()).isEqualTo(local.behaviors());
      assertThat(spark.impressions()).isEqualTo(local.impressions());
      assertThat(spark.unknownItemImpressions()).isEqualTo(local.unknownItemImpressions());
      assertThat(spark.unknownItemIds()).isEqualTo(local.unknownItemIds());
      assertThat(spark.unknownUserImpressions()).isEqualTo(local.unknownUserImpressions());
    }
  }

  @Test
  void aMissingFileOrColumnIsNamed() throws IOException {
    Path data = writeTsv();
    Files.delete(data.resolve("impressions.tsv"));
    assertThatThrownBy(() -> InputTables.read(TestSpark.session(), data.toString(), InputFormat.TSV, true))
        .isInstanceOf(BadInputException.class).hasMessageContaining("impressions.tsv: file not found");
    Files.writeString(data.resolve("impressions.tsv"), "user_id\titem\ttimestamp\tlabel\nu1\ti1\t20\t1\n");
    assertThatThrownBy(() -> InputTables.read(TestSpark.session(), data.toString(), InputFormat.TSV, true))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("impressions.tsv:1: field 'item_id': required column missing");
  }
}
