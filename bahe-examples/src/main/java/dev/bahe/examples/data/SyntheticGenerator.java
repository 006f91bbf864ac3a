package dev.bahe.examples.data;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic generator of e-commerce-like CTR data with long textual behaviour, built so that both more
 * history and better text understanding raise the achievable AUC.
 *
 * <p>The world: twelve interest topics ({@link TopicCatalog}), an item catalogue whose titles are composed from
 * each topic's words ({@code "wireless noise-cancelling earbuds"}), and six behaviour types —
 * {@code cart}, {@code click}, {@code favourite}, {@code purchase}, {@code review}, {@code search} (in name
 * order, the order of the feature-parallel sequences). Atomic behaviours are drawn, with a skewed distribution,
 * from a finite pool of texts per topic and type ({@code "searched: matcha latte near me"},
 * {@code "added to cart: barista milk frother"}), so they repeat heavily across users: the number of unique
 * behaviours |H| is a small fraction of all occurrences.
 *
 * <p>Each user has a hidden long-term interest and a sequence of drifting short-term interests (phases of
 * about two months). Behaviours follow the short-term interest of their time, except that the long-term
 * interest shows up mostly in <em>old</em> history — 60 % of the purchases, favourites and reviews and 30 % of
 * the other behaviours of the first 40 % of the timeline, 2 % afterwards ({@link SyntheticSpec#recentLongTermShare()},
 * which the demo raises) — and a fifth of behaviours are uninformative
 * ({@code "searched: weather tomorrow"}). Impressions fall in the last quarter of the timeline; their click
 * logit is {@code -2.2 + 3.0·[item topic = long-term] + 2.0·[item topic = current] + 1.0·[item topic =
 * previous phase] + item bias}, with candidates 45 % random, 25 % of the long-term topic, 22 % of the current
 * and 8 % of the previous phase's topic (about 40 % clicks). A model therefore has to read the recent behaviours for the current interest
 * and reach back into old behaviours for the long-term one, and it has to relate behaviour texts to item
 * titles by meaning, since they share topic vocabulary but rarely whole phrases.
 *
 * <p>Determinism: everything derives from {@link SplittableRandom} seeded with the spec's seed, users are
 * generated in order from split streams, and no hash-ordered iteration feeds a random draw, so the same spec
 * gives the identical dataset on every JVM. Stateless and thread-safe.
 */
public final class SyntheticGenerator {

  static final BehaviorType CART = BehaviorType.of("cart");
  static final BehaviorType CLICK = BehaviorType.of("click");
  static final BehaviorType FAVOURITE = BehaviorType.of("favourite");
  static final BehaviorType PURCHASE = BehaviorType.of("purchase");
  static final BehaviorType REVIEW = BehaviorType.of("review");
  static final BehaviorType SEARCH = BehaviorType.of("search");
  /** The six types in name order. */
  public static final List<BehaviorType> TYPES = List.of(CART, CLICK, FAVOURITE, PURCHASE, REVIEW, SEARCH);
  /** Relative frequencies of {@link #TYPES}. */
  private static final double[] TYPE_WEIGHTS = {0.12, 0.35, 0.10, 0.12, 0.06, 0.25};

  /** Start of the timeline: 2024-01-01T00:00:00Z in epoch seconds. */
  static final long EPOCH = 1_704_067_200L;
  private static final long DAY = 86_400L;

  static final double BASE_LOGIT = -2.2;
  static final double LONG_TERM_WEIGHT = 3.0;
  static final double CURRENT_WEIGHT = 2.0;
  static final double PREVIOUS_WEIGHT = 1.0;

  private static final double NOISE_SHARE = 0.2;
  private static final double OLD_FRACTION = 0.4;
  private static final double IMPRESSION_START = 0.75;
  private static final int PHRASES_PER_TOPIC = 20;

  private SyntheticGenerator() {}

  /** Generates the dataset of {@code spec} with its ground truth. */
  public static SyntheticData generate(SyntheticSpec spec) {
    SplittableRandom master = new SplittableRandom(spec.seed());
    World world = new World(master.split());

    // catalogue: topics assigned round-robin in a seeded order, titles unique
    SplittableRandom itemRng = master.split();
    List<Topic> topics = TopicCatalog.TOPICS;
    int[] topicOrder = permutation(topics.size(), itemRng);
    Map<String, Item> items = new LinkedHashMap<>();
    Map<String, String> itemTopics = new HashMap<>();
    Map<String, Double> itemBias = new HashMap<>();
    List<List<String>> itemsByTopic = new ArrayList<>();
    for (int t = 0; t < topics.size(); t++) {
      itemsByTopic.add(new ArrayList<>());
    }
    Set<String> titles = new HashSet<>();
    String itemFormat = "i%0" + Integer.toString(spec.items()).length() + "d";
    for (int i = 0; i < spec.items(); i++) {
      int topic = topicOrder[i % topics.size()];
      String id = String.format(itemFormat, i + 1);
      String title = uniqueTitle(topics.get(topic), itemRng, titles);
      items.put(id, new Item(id, title));
      itemTopics.put(id, topics.get(topic).name());
      itemBias.put(id, 0.3 * gaussian(itemRng));
      itemsByTopic.get(topic).add(id);
    }
    List<String> itemIds = new ArrayList<>(items.keySet());

    long horizon = spec.days() * DAY;
    long impressionStart = (long) (horizon * IMPRESSION_START);
    Map<String, UserHistory> histories = new HashMap<>();
    Map<String, SyntheticUser> users = new HashMap<>();
    List<Impression> impressions = new ArrayList<>();
    String userFormat = "u%0" + Integer.toString(spec.users()).length() + "d";
    for (int u = 0; u < spec.users(); u++) {
      SplittableRandom rng = master.split();
      String userId = String.format(userFormat, u + 1);
      int longTerm = rng.nextInt(topics.size());
      SyntheticUser user = phases(userId, longTerm, horizon, rng);
      users.put(userId, user);

      int behaviorCount = Math.max(4, (int) Math.round(spec.behaviorsPerUser() * (0.5 + rng.nextDouble())));
      List<Behavior> behaviors = new ArrayList<>(behaviorCount);
      for (int b = 0; b < behaviorCount; b++) {
        long time = EPOCH + (long) (rng.nextDouble() * horizon);
        int type = weighted(TYPE_WEIGHTS, rng);
        Topic topic;
        if (rng.nextDouble() < NOISE_SHARE) {
          topic = TopicCatalog.GENERAL;
        } else {
          boolean old = time - EPOCH < OLD_FRACTION * horizon;
          boolean lasting = TYPES.get(type) == PURCHASE || TYPES.get(type) == FAVOURITE
              || TYPES.get(type) == REVIEW;
          double longTermShare = old ? (lasting ? 0.6 : 0.3) : spec.recentLongTermShare();
          topic = rng.nextDouble() < longTermShare ? topics.get(longTerm)
              : world.topic(user.currentTopic(time));
        }
        behaviors.add(new Behavior(TYPES.get(type), time, world.behaviorText(topic, type, rng)));
      }
      histories.put(userId, UserHistory.of(userId, behaviors));

      int impressionCount = Math.max(1, (int) Math.round(spec.impressionsPerUser() * (0.5 + rng.nextDouble())));
      for (int k = 0; k < impressionCount; k++) {
        long time = EPOCH + impressionStart + (long) (rng.nextDouble() * (horizon - impressionStart));
        String itemId = candidate(user, time, longTerm, world, itemsByTopic, itemIds, rng);
        double logit = clickLogit(user, itemTopics.get(itemId), itemBias.get(itemId), time, spec.signal());
        int label = rng.nextDouble() < 1.0 / (1.0 + Math.exp(-logit)) ? 1 : 0;
        impressions.add(new Impression(userId, itemId, time, label));
      }
    }
    impressions.sort(Comparator.comparingLong(Impression::timestamp));
    String name = "synthetic-u" + spec.users() + "-i" + spec.items() + "-s" + spec.seed();
    Dataset dataset = new Dataset(name, TYPES, items, histories, impressions);
    return new SyntheticData(dataset, itemTopics, world.textTopics, users, itemBias, spec.signal());
  }

  /**
   * The click logit of the generative model; see the class comment. {@code signal} scales the interest terms and
   * the base logit together, so the click rate of a random candidate stays low while matches become surer clicks.
   */
  static double clickLogit(SyntheticUser user, String itemTopic, double bias, long time, double signal) {
    // summed in the order of the unscaled logit, so that signal 1 gives the very same doubles
    double logit = signal * BASE_LOGIT + bias;
    if (itemTopic.equals(user.longTermTopic())) {
      logit += signal * LONG_TERM_WEIGHT;
    }
    if (itemTopic.equals(user.currentTopic(time))) {
      logit += signal * CURRENT_WEIGHT;
    }
    if (itemTopic.equals(user.previousTopic(time))) {
      logit += signal * PREVIOUS_WEIGHT;
    }
    return logit;
  }

  /** Candidate items: 45 % random, 25 % long-term topic, 22 % current topic, 8 % previous phase's topic. */
  private static String candidate(SyntheticUser user, long time, int longTerm, World world,
      List<List<String>> itemsByTopic, List<String> itemIds, SplittableRandom rng) {
    double r = rng.nextDouble();
    int topic;
    if (r < 0.45) {
      return itemIds.get(rng.nextInt(itemIds.size()));
    } else if (r < 0.70) {
      topic = longTerm;
    } else if (r < 0.92) {
      topic = world.index(user.currentTopic(time));
    } else {
      String previous = user.previousTopic(time);
      topic = previous == null ? rng.nextInt(itemsByTopic.size()) : world.index(previous);
    }
    List<String> pool = itemsByTopic.get(topic);
    return pool.isEmpty() ? itemIds.get(rng.nextInt(itemIds.size())) : pool.get(rng.nextInt(pool.size()));
  }

  /** Phases of 20 + Exp(40) days; 5 % of phases revisit the long-term topic, consecutive phases differ. */
  private static SyntheticUser phases(String userId, int longTerm, long horizon, SplittableRandom rng) {
    List<Topic> topics = TopicCatalog.TOPICS;
    List<SyntheticUser.Phase> phases = new ArrayList<>();
    long t = 0;
    int previous = -1;
    while (t < horizon) {
      int topic;
      do {
        topic = rng.nextDouble() < 0.05 ? longTerm : rng.nextInt(topics.size());
      } while (topic == previous);
      phases.add(new SyntheticUser.Phase(EPOCH + t, topics.get(topic).name()));
      previous = topic;
      t += (long) ((20 - 40 * Math.log(1 - rng.nextDouble())) * DAY);
    }
    return new SyntheticUser(userId, topics.get(longTerm).name(), phases);
  }

  private static String uniqueTitle(Topic topic, SplittableRandom rng, Set<String> used) {
    for (int attempt = 0; ; attempt++) {
      String product = topic.products().get(rng.nextInt(topic.products().size()));
      String first = topic.modifiers().get(rng.nextInt(topic.modifiers().size()));
      String title;
      if (rng.nextDouble() < 0.6) {
        String second = topic.modifiers().get(rng.nextInt(topic.modifiers().size()));
        title = second.equals(first) ? first + " " + product : first + " " + second + " " + product;
      } else {
        title = first + " " + product;
      }
      if (attempt >= 50) {
        title = title + " " + (attempt - 48);
      }
      if (used.add(title)) {
        return title;
      }
    }
  }

  private static int weighted(double[] weights, SplittableRandom rng) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = rng.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /** Box–Muller, so the draw does not depend on the JDK's Gaussian implementation. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * The finite pools of behaviour texts: per topic and type a fixed list, from which draws are skewed towards
   * the head (index {@code floor(n · u²)}), so popular behaviours repeat across many users.
   */
  private static final class World {
    private final Map<String, Integer> topicIndex = new HashMap<>();
    private final Map<String, Topic> byName = new HashMap<>();
    /** pools[topic][type], topic index TOPICS.size() is GENERAL. */
    private final List<List<List<String>>> pools = new ArrayList<>();
    final Map<String, String> textTopics = new HashMap<>();

    World(SplittableRandom rng) {
      List<Topic> all = new ArrayList<>(TopicCatalog.TOPICS);
      all.add(TopicCatalog.GENERAL);
      for (int t = 0; t < all.size(); t++) {
        Topic topic = all.get(t);
        topicIndex.put(topic.name(), t);
        byName.put(topic.name(), topic);
        List<String> phrases = phrases(topic, rng);
        List<List<String>> byType = new ArrayList<>();
        for (BehaviorType type : TYPES) {
          List<String> pool = new ArrayList<>();
          if (type == SEARCH) {
            pool.addAll(topic.queries());
            for (String product : topic.products()) {
              pool.add(product + (pool.size() % 2 == 0 ? " reviews" : " sale"));
            }
            pool.replaceAll(q -> "searched: " + q);
          } else if (type == REVIEW) {
            for (int i = 0; i < phrases.size(); i++) {
              pool.add("reviewed " + phrases.get(i) + ": " + topic.verdicts().get(i % topic.verdicts().size()));
            }
          } else {
            String prefix = type == PURCHASE ? "bought: " : type == CART ? "added to cart: "
                : type == FAVOURITE ? "saved to favourites: " : "clicked: ";
            for (String phrase : phrases) {
              pool.add(prefix + phrase);
            }
          }
          for (String text : pool) {
            textTopics.put(text, topic.name());
          }
          byType.add(pool);
        }
        pools.add(byType);
      }
    }

    /** {@link #PHRASES_PER_TOPIC} distinct "modifier product" phrases in a seeded order. */
    private static List<String> phrases(Topic topic, SplittableRandom rng) {
      List<String> all = new ArrayList<>();
      for (String m : topic.modifiers()) {
        for (String p : topic.products()) {
          all.add(m + " " + p);
        }
      }
      for (int i = all.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        String tmp = all.get(i);
        all.set(i, all.get(j));
        all.set(j, tmp);
      }
      return all.subList(0, Math.min(PHRASES_PER_TOPIC, all.size()));
    }

    Topic topic(String name) {
      return byName.get(name);
    }

    int index(String name) {
      return topicIndex.get(name);
    }

    String behaviorText(Topic topic, int type, SplittableRandom rng) {
      List<String> pool = pools.get(topicIndex.get(topic.name())).get(type);
      double u = rng.nextDouble();
      return pool.get((int) (pool.size() * u * u));
    }
  }
}
