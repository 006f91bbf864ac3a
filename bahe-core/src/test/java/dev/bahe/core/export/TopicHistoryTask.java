package dev.bahe.core.export;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A task whose signal is in the user's history and nowhere else: items belong to one of a few topics (equally
 * popular, so an item's id says little); each user clicked items mostly of one favourite topic before being shown
 * anything, and clicks a shown item when it is of that topic (with label noise). Users arrive one after another,
 * so a time split puts new users, unknown by id, in validation and test.
 */
final class TopicHistoryTask {

  static final BehaviorType CLICK = BehaviorType.of("click");
  static final BehaviorType SEARCH = BehaviorType.of("search");

  private TopicHistoryTask() {}

  static Dataset generate(int users, int items, int topics, long seed) {
    Random r = new Random(seed);
    Map<String, Item> catalogue = new HashMap<>();
    for (int i = 0; i < items; i++) {
      catalogue.put("i" + i, new Item("i" + i, "item " + i));
    }
    List<Impression> impressions = new ArrayList<>();
    Map<String, UserHistory> histories = new HashMap<>();
    int history = 8;
    int shown = 12;
    for (int u = 0; u < users; u++) {
      int favourite = r.nextInt(topics);
      long base = (long) u * (history + shown);
      List<Behavior> behaviors = new ArrayList<>();
      for (int k = 0; k < history; k++) {
        int topic = r.nextDouble() < 0.8 ? favourite : r.nextInt(topics);
        int item = topic + topics * r.nextInt(items / topics);
        behaviors.add(new Behavior(CLICK, base + k, "item " + item));
        behaviors.add(new Behavior(SEARCH, base + k, "query " + r.nextInt(1000)));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
      for (int k = 0; k < shown; k++) {
        int item = r.nextInt(items);
        boolean match = item % topics == favourite;
        int label = match != (r.nextDouble() < 0.1) ? 1 : 0;
        impressions.add(new Impression("u" + u, "i" + item, base + history + k, label));
      }
    }
    return new Dataset("topic-history", List.of(CLICK, SEARCH), catalogue, histories, impressions);
  }
}
