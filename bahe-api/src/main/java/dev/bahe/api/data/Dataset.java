package dev.bahe.api.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded CTR dataset: items, user histories and impressions, shared unchanged by every model variant.
 *
 * @param name human-readable name, recorded in result provenance
 * @param types the behaviour types, in the fixed order used for the N feature-parallel sequences
 * @param items items by id
 * @param histories user histories by user id (users without behaviours may be absent)
 * @param impressions all impressions, in time order
 */
public record Dataset(
    String name,
    List<BehaviorType> types,
    Map<String, Item> items,
    Map<String, UserHistory> histories,
    List<Impression> impressions) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    types = List.copyOf(types);
    items = Map.copyOf(items);
    histories = Map.copyOf(histories);
    impressions = List.copyOf(impressions);
  }

  /** The history of a user, empty when the user has no behaviour. */
  public UserHistory history(String userId) {
    UserHistory h = histories.get(userId);
    return h != null ? h : UserHistory.empty(userId);
  }

  /** The item with this id; an unknown id is an error naming it. */
  public Item item(String itemId) {
    Item item = items.get(itemId);
    if (item == null) {
      throw new IllegalArgumentException("unknown item id '" + itemId + "' in dataset " + name);
    }
    return item;
  }
}
