package dev.bahe.api.data;

import java.util.Objects;

/**
 * One exposure of an item to a user, with its click label. Only behaviours strictly before
 * {@code timestamp} may be used to predict it.
 *
 * @param userId the user
 * @param itemId the item shown
 * @param timestamp exposure time, same unit as {@link Behavior#timestamp()}
 * @param label 1 when clicked, 0 otherwise
 */
public record Impression(String userId, String itemId, long timestamp, int label) {

  public Impression {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0 or 1, was " + label);
    }
  }

  public boolean clicked() {
    return label == 1;
  }
}
