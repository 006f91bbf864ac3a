package dev.bahe.api.data;

import java.util.Objects;

/**
 * A candidate item with its text (title). Item text is encoded through the same lower and upper layers as
 * behaviours.
 *
 * @param itemId identifier of the item
 * @param text the item text, non-blank
 */
public record Item(String itemId, String text) {

  public Item {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("item text must not be blank for item " + itemId);
    }
  }
}
