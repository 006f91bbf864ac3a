package dev.bahe.spark.score;

import dev.bahe.api.store.StoreMetadata;
import dev.bahe.core.train.CheckpointProvenance;
import java.util.List;
import java.util.Map;

/**
 * The sidecar of a scoring job's output: which model scored what, and what could not be scored.
 *
 * @param format {@value #FORMAT}
 * @param checkpoint the checkpoint directory as given
 * @param provenance the checkpoint's provenance (model, step, parameter checksum)
 * @param metadata the encoder identity of the ABE table the behaviour vectors came from
 * @param types the behaviour types, in the order of the model's sequences
 * @param impressions rows of the {@code impressions} table
 * @param items rows of the {@code items} table
 * @param userDimension length of {@code q_u}
 * @param itemDimension length of {@code q_i}
 * @param unknownItemImpressions impressions skipped because their item is not in the catalogue
 * @param unknownItemIds the first distinct unknown item ids, sorted
 * @param missingKeyImpressions impressions skipped because a behaviour (or pooled item) key is not in the ABE table
 * @param skippedItems catalogue rows skipped by reason ({@code --skip-bad-rows})
 * @param examples the messages (file, line, field) of the first skipped rows
 * @param history the history table read
 * @param abe the ABE table read
 */
public record ScoreTableInfo(String format, String checkpoint, CheckpointProvenance provenance,
    StoreMetadata metadata, List<String> types, long impressions, long items, int userDimension, int itemDimension,
    long unknownItemImpressions, List<String> unknownItemIds, long missingKeyImpressions,
    Map<String, Long> skippedItems, List<String> examples, String history, String abe) {

  public static final String FORMAT = "bahe-scores/1";
  /** The per-impression table: {@code file, line, user_id, item_id, timestamp, label, probability, q_u}. */
  public static final String IMPRESSIONS = "impressions";
  /** The per-item table: {@code item_id, q_i}. */
  public static final String ITEMS = "items";
}
