package dev.bahe.core.model;

import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.util.Objects;

/**
 * What a click model scores: a user's history, a candidate item and the time of the exposure. Only behaviours
 * strictly before {@code time} are used. Training builds samples from impressions, serving from requests, and
 * both go through the same feature path.
 *
 * @param history the user's behaviours (any time; the model selects those before {@code time})
 * @param item the candidate item
 * @param time the exposure time, same unit as behaviour timestamps
 */
public record Sample(UserHistory history, Item item, long time) {

  public Sample {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(item, "item");
  }
}
