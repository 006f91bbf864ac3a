package dev.bahe.core.baseline;

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
 * MovieLens-shaped synthetic data with the shift of its time split: users arrive one after another, each rates
 * {@code perUser} random items in a stretch of time of its own, and every rating is both an impression (label from
 * {@code σ(userTaste + itemQuality)}) and a behaviour of the user ({@code liked} or {@code disliked}, flipped with
 * probability {@code flip}) seen by the user's later impressions. A time split therefore puts new users in
 * validation and test: their impression-label counters are empty there, while their behaviour shares carry the same
 * taste.
 */
final class ArrivingUsers {

  static final BehaviorType LIKED = BehaviorType.of("liked");
  static final BehaviorType DISLIKED = BehaviorType.of("disliked");

  private ArrivingUsers() {}

  /**
   * @param flip probability that a rating's behaviour records the opposite of its label (a noisy trace), so that
   *     within the training period the user's impression labels are the cleaner evidence of taste
   */
  static Dataset generate(int users, int perUser, int items, double tasteStd, double flip, long seed) {
    Random r = new Random(seed);
    double[] quality = new double[items];
    Map<String, Item> catalogue = new HashMap<>();
    for (int i = 0; i < items; i++) {
      quality[i] = r.nextGaussian();
      catalogue.put("i" + i, new Item("i" + i, "item " + i));
    }
    List<Impression> impressions = new ArrayList<>();
    Map<String, UserHistory> histories = new HashMap<>();
    for (int u = 0; u < users; u++) {
      double taste = tasteStd * r.nextGaussian();
      List<Behavior> behaviors = new ArrayList<>();
      for (int k = 0; k < perUser; k++) {
        int item = r.nextInt(items);
        long t = (long) u * perUser + k;
        int label = r.nextDouble() < 1 / (1 + Math.exp(-(taste + quality[item]))) ? 1 : 0;
        impressions.add(new Impression("u" + u, "i" + item, t, label));
        boolean liked = (label == 1) != (r.nextDouble() < flip);
        behaviors.add(new Behavior(liked ? LIKED : DISLIKED, t, "item " + item));
      }
      histories.put("u" + u, UserHistory.of("u" + u, behaviors));
    }
    return new Dataset("arriving-users", List.of(DISLIKED, LIKED), catalogue, histories, impressions);
  }
}
