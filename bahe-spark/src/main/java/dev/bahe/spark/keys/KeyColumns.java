package dev.bahe.spark.keys;

import dev.bahe.api.key.BehaviorKeys;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The project's behaviour normalisation and keys ({@link BehaviorKeys}) as Spark column functions, so that every job
 * keys a text exactly as the single-machine code does.
 */
public final class KeyColumns {

  private static final UserDefinedFunction NORMALIZE = functions.udf(
      (UDF1<String, String>) BehaviorKeys::normalize, DataTypes.StringType).asNonNullable();
  private static final UserDefinedFunction KEY_OF_NORMALIZED = functions.udf(
      (UDF1<String, Long>) BehaviorKeys::keyOfNormalized, DataTypes.LongType).asNonNullable();
  private static final UserDefinedFunction KEY = functions.udf(
      (UDF1<String, Long>) BehaviorKeys::key, DataTypes.LongType).asNonNullable();

  private KeyColumns() {}

  /** {@link BehaviorKeys#normalize} of a raw text column. */
  public static Column normalize(Column raw) {
    return NORMALIZE.apply(raw);
  }

  /** {@link BehaviorKeys#keyOfNormalized} of a normalised text column. */
  public static Column keyOfNormalized(Column normalized) {
    return KEY_OF_NORMALIZED.apply(normalized);
  }

  /** {@link BehaviorKeys#key} of a raw text column. */
  public static Column key(Column raw) {
    return KEY.apply(raw);
  }
}
