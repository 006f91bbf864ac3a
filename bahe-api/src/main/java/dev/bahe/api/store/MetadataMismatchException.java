package dev.bahe.api.store;

import java.util.List;

/** A store was opened with an encoder configuration other than the one that wrote it. */
public class MetadataMismatchException extends StoreException {

  private final List<String> differences;

  public MetadataMismatchException(String store, List<String> differences) {
    super("store " + store + " was written by another encoder configuration (stored != requested): "
        + String.join("; ", differences));
    this.differences = List.copyOf(differences);
  }

  /** The differing fields, each {@code "field: stored != requested"}. */
  public List<String> differences() {
    return differences;
  }
}
