package dev.bahe.examples.data;

/**
 * Why a row of a dataset file was rejected. In strict mode the first bad row stops the load with a
 * {@link DataFormatException} carrying its reason; with {@code skipBadRows} the row is skipped and counted
 * under its reason in the {@link LoadReport}.
 */
public enum BadRowReason {
  /** A TSV row whose number of tab-separated columns differs from the header's. */
  WRONG_COLUMN_COUNT("wrong column count"),
  /** A required field is absent, empty or JSON {@code null}. */
  MISSING_FIELD("missing field"),
  /** A numeric field (timestamp, rating, id) is not an integer or out of range. */
  BAD_NUMBER("bad number"),
  /** A label other than 0 or 1. */
  BAD_LABEL("label not 0/1"),
  /** An item or behaviour text that is empty or only whitespace. */
  BLANK_TEXT("blank text"),
  /** A JSON Lines row that is not a JSON object, or a field that is an object or array. */
  BAD_JSON("bad JSON"),
  /** A line whose bytes are not valid text in the file's encoding (UTF-8, or ISO-8859-1 for MovieLens). */
  BAD_ENCODING("bad text encoding"),
  /** A second row for an item id already defined. */
  DUPLICATE_ID("duplicate id");

  private final String description;

  BadRowReason(String description) {
    this.description = description;
  }

  /** Short human-readable description used in reports. */
  public String description() {
    return description;
  }
}
