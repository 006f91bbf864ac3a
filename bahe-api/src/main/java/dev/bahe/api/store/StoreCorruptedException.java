package dev.bahe.api.store;

/** Stored bytes failed verification (checksum, magic, version or length): the data cannot be trusted. */
public class StoreCorruptedException extends StoreException {

  public StoreCorruptedException(String message) {
    super(message);
  }

  public StoreCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
