package dev.bahe.spark.input;

/** Input a job cannot use: the first bad row (in file and line order) in strict mode, or an unusable file. */
public final class BadInputException extends RuntimeException {

  public BadInputException(String message) {
    super(message);
  }

  static BadInputException of(BadRow row) {
    return new BadInputException(row.message());
  }
}
