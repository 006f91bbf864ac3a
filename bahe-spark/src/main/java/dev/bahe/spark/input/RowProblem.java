package dev.bahe.spark.input;

/**
 * Why an input row was rejected; the same classes (and descriptions) as the single-machine loaders report, so a
 * Spark run and a local run of the same bad file count the same skips.
 */
public enum RowProblem {
  WRONG_COLUMN_COUNT("wrong column count"),
  MISSING_FIELD("missing field"),
  BAD_NUMBER("bad number"),
  BAD_LABEL("label not 0/1"),
  BLANK_TEXT("blank text"),
  BAD_JSON("bad JSON"),
  DUPLICATE_ID("duplicate id");

  private final String description;

  RowProblem(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
