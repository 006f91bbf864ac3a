package dev.bahe.spark.input;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset's items read and validated on their own ({@link InputTables#readItems}).
 *
 * @param items {@code item_id, text, file, line}, one row per id (its first definition)
 * @param count rows of {@code items}
 * @param skippedRows rows skipped, by reason (only with skipping; in strict mode the first bad row stops the read)
 * @param skippedExamples the messages (file, line, field) of the first skipped rows
 */
public record ItemTable(Dataset<Row> items, long count, Map<RowProblem, Long> skippedRows,
    List<String> skippedExamples) {

  public ItemTable {
    skippedRows = Map.copyOf(skippedRows);
    skippedExamples = List.copyOf(skippedExamples);
  }
}
