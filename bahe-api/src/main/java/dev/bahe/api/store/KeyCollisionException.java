package dev.bahe.api.store;

/** Two different behaviour texts hashed to the same key; the store refuses to share a vector between them. */
public class KeyCollisionException extends StoreException {

  public KeyCollisionException(long key, String storedText, String newText) {
    super(String.format("key %016x collision: stored text '%s', new text '%s'", key, storedText, newText));
  }
}
