package dev.bahe.core.model;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic CTR task whose signal is only in the text: every user prefers one of four topics; most of their
 * "liked" behaviours and none of their "disliked" ones are about it; an impression is clicked iff the item's
 * title is about the preferred topic. Behaviours precede all impressions.
 */
final class SyntheticTopicTask {

  static final BehaviorType LIKED = BehaviorType.of("liked");
  static final BehaviorType DISLIKED = BehaviorType.of("disliked");

  private static final String[][] WORDS = {
      {"rocket", "galaxy", "orbit", "planet", "telescope", "moon"},
      {"pasta", "recipe", "oven", "garlic", "sauce", "kitchen"},
      {"jazz", "piano", "guitar", "concert", "melody", "drum"},
      {"mountain", "trail", "forest", "summit", "camping", "river"}};

  private SyntheticTopicTask() {}

  private static String words(Random r, int topic, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[topic][r.nextInt(WORDS[topic].length)]);
    }
    return sb.toString();
  }

  static Dataset generate(int users, int items, int impressionsPerUser, long seed) {
    Random r = new Random(seed);
    Map<String, Item> itemMap = new LinkedHashMap<>();
    int[] itemTopic = new int[items];
    for (int i = 0; i < items; i++) {
      itemTopic[i] = i % 4;
      itemMap.put("i" + i, new Item("i" + i, "new " + words(r, itemTopic[i], 2) + " show"));
    }
    Map<String, UserHistory> histories = new LinkedHashMap<>();
    List<Impression> impressions = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int topic = r.nextInt(4);
      List<Behavior> behaviors = new ArrayList<>();
      for (int j = 0; j < 6; j++) {
        int t = j < 5 ? topic : r.nextInt(4);
        behaviors.add(new Behavior(LIKED, 1 + r.nextInt(90), "watched " + words(r, t, 2)));
      }
      for (int j = 0; j < 3; j++) {
        int t = (topic + 1 + r.nextInt(3)) % 4;
        behaviors.add(new Behavior(DISLIKED, 1 + r.nextInt(90), "skipped " + words(r, t, 2)));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
      for (int k = 0; k < impressionsPerUser; k++) {
        int item = k % 2 == 0 ? topic + 4 * r.nextInt(items / 4) : r.nextInt(items);
        impressions.add(new Impression("u" + u, "i" + item, 100 + r.nextInt(100_000),
            itemTopic[item] == topic ? 1 : 0));
      }
    }
    impressions.sort(Comparator.comparingLong(Impression::timestamp));
    return new Dataset("synthetic-topics", List.of(LIKED, DISLIKED), itemMap, histories, impressions);
  }
}
