package dev.bahe.examples.data;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import java.util.Map;

/**
 * A generated dataset together with the ground truth it was generated from: the topic of every item and of
 * every behaviour text, each user's hidden interests and each item's popularity bias. Tests use the truth as an
 * oracle; models only ever see {@link #dataset()}.
 *
 * @param dataset the data
 * @param itemTopics topic name by item id
 * @param behaviorTopics topic name by behaviour text ({@code "general"} for uninformative behaviours)
 * @param users hidden state by user id
 * @param itemBias the additive popularity term of each item's click logit
 * @param signal the scale of the interest terms the labels were drawn with ({@link SyntheticSpec#signal()})
 */
public record SyntheticData(Dataset dataset, Map<String, String> itemTopics, Map<String, String> behaviorTopics,
    Map<String, SyntheticUser> users, Map<String, Double> itemBias, double signal) {

  public SyntheticData {
    itemTopics = Map.copyOf(itemTopics);
    behaviorTopics = Map.copyOf(behaviorTopics);
    users = Map.copyOf(users);
    itemBias = Map.copyOf(itemBias);
  }

  /** The logit of the click probability the labels were drawn from. */
  public double trueLogit(Impression impression) {
    return SyntheticGenerator.clickLogit(users.get(impression.userId()), itemTopics.get(impression.itemId()),
        itemBias.get(impression.itemId()), impression.timestamp(), signal);
  }
}
