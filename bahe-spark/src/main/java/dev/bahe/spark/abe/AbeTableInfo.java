package dev.bahe.spark.abe;

import dev.bahe.api.store.StoreMetadata;

/**
 * The sidecar of an ABE table: what produced the vectors (the {@link StoreMetadata} a store is created with) and
 * what the job counted.
 *
 * @param format {@value #FORMAT}
 * @param metadata encoder identity and dtype ({@code float32})
 * @param rows unique texts in the table
 * @param occurrences texts scanned (behaviours plus items, with repeats)
 * @param duplicates occurrences that repeated an already seen text ({@code occurrences - rows})
 * @param input where the texts came from
 */
public record AbeTableInfo(String format, StoreMetadata metadata, long rows, long occurrences, long duplicates,
    String input) {

  public static final String FORMAT = "bahe-abe-table/1";
}
