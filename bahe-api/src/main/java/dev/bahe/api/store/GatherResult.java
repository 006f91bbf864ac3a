package dev.bahe.api.store;

/**
 * Outcome of a bulk {@link BehaviorStore#gather}: how many keys were found and which positions were not.
 *
 * @param found number of keys whose vector was written
 * @param missing positions (indices into the key array) of keys not in the store; their rows are zero
 */
public record GatherResult(int found, int[] missing) {

  public boolean complete() {
    return missing.length == 0;
  }
}
