package dev.bahe.core.baseline;

import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.UserHistory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Point-in-time counters of an impression: what a CTR engineer counts before training anything, with no text and
 * no learning. For an impression of item {@code i} to user {@code u} at time {@code t}, with {@code α} the
 * pseudo-count, {@code p0} the positive rate of the training impressions and {@code q_j} the share of type
 * {@code j} among the behaviours of the training period (Laplace-smoothed), the vector holds, in this order:
 *
 * <pre>
 * item.rate                 logit((pos_i + α·p0) / (n_i + α))   n_i, pos_i: training impressions of i before t
 * item.log_count            log(1 + n_i)
 * user.rate                 logit((pos_u + α·p0) / (n_u + α))   the same over u's training impressions
 * user.log_count            log(1 + n_u)
 * then per behaviour type j, in the dataset's type order:
 * type.&lt;j&gt;.log_count        log(1 + c_j)                         c_j: u's behaviours of type j before t
 * type.&lt;j&gt;.share            logit((c_j + α·q_j) / (c + α))       c: u's behaviours of every type before t
 * type.&lt;j&gt;.recent_share     logit((r_j + α·q_j) / (w + α))       r_j: type j among u's last w = min(W, c)
 * </pre>
 *
 * <p>Everything is strictly before {@code t}: an impression never counts itself, nor anything at its own time. A
 * user or item never seen gets the priors ({@code logit(p0)}, {@code logit(q_j)}) and zero counts. Logits are
 * clamped to {@code ±logit(1 - 1e-6)}. On MovieLens, whose types are liked, neutral and disliked, the recent share
 * of {@code liked} is the user's recent like-rate.
 *
 * <p>Built once from the dataset and the training impressions (per-key time lines with prefix sums; per-user merged
 * behaviour time lines with per-type prefix counts), each lookup is a few binary searches. Immutable and
 * thread-safe.
 */
public final class PointInTimeCounters {

  /** Default pseudo-count {@code α} of the additive smoothing. */
  public static final double DEFAULT_PSEUDO_COUNT = 10;
  /** Default size {@code W} of the recent-behaviour window. */
  public static final int DEFAULT_RECENT_WINDOW = 20;

  private static final double EPS = 1e-6;

  private final List<BehaviorType> types;
  private final double pseudoCount;
  private final int recentWindow;
  private final double positiveRate;
  private final double[] typePrior;
  private final Map<String, LabelTimeline> items;
  private final Map<String, LabelTimeline> users;
  private final Map<String, BehaviorTimeline> timelines;
  private final List<String> names;
  private final List<CounterGroup> groups;

  private PointInTimeCounters(Builder b) {
    List<Impression> training = b.training;
    if (training.isEmpty()) {
      throw new IllegalArgumentException("point-in-time counters of dataset " + b.dataset.name()
          + " need training impressions, but there are none");
    }
    long positives = 0;
    long lastTime = Long.MIN_VALUE;
    for (Impression imp : training) {
      positives += imp.label();
      lastTime = Math.max(lastTime, imp.timestamp());
    }
    if (positives == 0 || positives == training.size()) {
      throw new IllegalArgumentException("the training impressions of dataset " + b.dataset.name() + " are all "
          + (positives == 0 ? "negative (label 0)" : "positive (label 1)") + " (" + training.size()
          + " impressions); the stats baseline needs labels of both classes");
    }
    this.types = b.dataset.types();
    this.pseudoCount = b.pseudoCount;
    this.recentWindow = b.recentWindow;
    this.positiveRate = positives / (double) training.size();
    this.typePrior = typePrior(b.dataset, lastTime);
    this.items = byKey(training, Impression::itemId);
    this.users = byKey(training, Impression::userId);
    Map<String, BehaviorTimeline> lines = new HashMap<>();
    for (Map.Entry<String, UserHistory> e : b.dataset.histories().entrySet()) {
      lines.put(e.getKey(), new BehaviorTimeline(e.getValue(), types));
    }
    this.timelines = Collections.unmodifiableMap(lines);
    List<String> n = new ArrayList<>(List.of("item.rate", "item.log_count", "user.rate", "user.log_count"));
    List<CounterGroup> g = new ArrayList<>(List.of(CounterGroup.ITEM, CounterGroup.ITEM,
        CounterGroup.USER_IMPRESSIONS, CounterGroup.USER_IMPRESSIONS));
    for (BehaviorType type : types) {
      n.add("type." + type.name() + ".log_count");
      n.add("type." + type.name() + ".share");
      n.add("type." + type.name() + ".recent_share");
      g.add(CounterGroup.TYPE_COUNTS);
      g.add(CounterGroup.TYPE_SHARES);
      g.add(CounterGroup.RECENT_SHARES);
    }
    this.names = List.copyOf(n);
    this.groups = List.copyOf(g);
  }

  /** Counters with the default pseudo-count and recent window. */
  public static PointInTimeCounters of(Dataset dataset, List<Impression> training) {
    return builder().setDataset(dataset).setTraining(training).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Length of the counter vector: {@code 4 + 3·N} for {@code N} behaviour types. */
  public int size() {
    return names.size();
  }

  /** The name of every column, in order (see the class javadoc). */
  public List<String> names() {
    return names;
  }

  /** The group of every column, in order. */
  public List<CounterGroup> groups() {
    return groups;
  }

  /** The columns of {@code group}, ascending; empty when the dataset has no behaviour types for it. */
  public int[] columns(CounterGroup group) {
    return java.util.stream.IntStream.range(0, groups.size()).filter(c -> groups.get(c) == group).toArray();
  }

  /** The behaviour types of the per-type columns, in column order. */
  public List<BehaviorType> types() {
    return types;
  }

  /** Positive rate of the training impressions, the prior {@code p0} of both rates. */
  public double positiveRate() {
    return positiveRate;
  }

  /** The counters of {@code impression} as a new array of {@link #size()}. */
  public float[] features(Impression impression) {
    float[] out = new float[size()];
    copyFeatures(impression, out, 0);
    return out;
  }

  /** Writes the counters of {@code impression} into {@code out[offset .. offset + size())}. */
  public void copyFeatures(Impression impression, float[] out, int offset) {
    long t = impression.timestamp();
    writeRate(items.get(impression.itemId()), t, out, offset);
    writeRate(users.get(impression.userId()), t, out, offset + 2);
    BehaviorTimeline line = timelines.get(impression.userId());
    int before = line == null ? 0 : line.countBefore(t);
    int from = Math.max(0, before - recentWindow);
    int window = before - from;
    int o = offset + 4;
    for (int j = 0; j < types.size(); j++) {
      int all = line == null ? 0 : line.countOfType(j, 0, before);
      int recent = line == null ? 0 : line.countOfType(j, from, before);
      out[o++] = (float) Math.log1p(all);
      out[o++] = (float) logit((all + pseudoCount * typePrior[j]) / (before + pseudoCount));
      out[o++] = (float) logit((recent + pseudoCount * typePrior[j]) / (window + pseudoCount));
    }
  }

  private void writeRate(LabelTimeline line, long t, float[] out, int offset) {
    int n = line == null ? 0 : line.countBefore(t);
    int pos = line == null ? 0 : line.positivesAmongFirst(n);
    out[offset] = (float) logit((pos + pseudoCount * positiveRate) / (n + pseudoCount));
    out[offset + 1] = (float) Math.log1p(n);
  }

  static double logit(double p) {
    double q = Math.min(1 - EPS, Math.max(EPS, p));
    return Math.log(q / (1 - q));
  }

  /** Laplace-smoothed share of each type among the behaviours up to the last training impression's time. */
  private double[] typePrior(Dataset dataset, long lastTrainingTime) {
    long[] counts = new long[types.size()];
    long total = 0;
    for (UserHistory h : dataset.histories().values()) {
      for (int j = 0; j < types.size(); j++) {
        for (Behavior behavior : h.all(types.get(j))) {
          if (behavior.timestamp() <= lastTrainingTime) {
            counts[j]++;
            total++;
          }
        }
      }
    }
    double[] prior = new double[types.size()];
    for (int j = 0; j < prior.length; j++) {
      prior[j] = (counts[j] + 1.0) / (total + types.size());
    }
    return prior;
  }

  private static Map<String, LabelTimeline> byKey(List<Impression> training, Function<Impression, String> key) {
    Map<String, List<Impression>> grouped = new HashMap<>();
    for (Impression imp : training) {
      grouped.computeIfAbsent(key.apply(imp), k -> new ArrayList<>()).add(imp);
    }
    Map<String, LabelTimeline> out = new HashMap<>();
    grouped.forEach((k, list) -> {
      long[] times = new long[list.size()];
      int[] labels = new int[list.size()];
      for (int i = 0; i < times.length; i++) {
        times[i] = list.get(i).timestamp();
        labels[i] = list.get(i).label();
      }
      out.put(k, new LabelTimeline(times, labels));
    });
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "PointInTimeCounters[" + size() + " columns, " + types.size() + " types, α = " + pseudoCount + ", W = "
        + recentWindow + ", p0 = " + String.format("%.4f", positiveRate) + "]";
  }

  /** Builds {@link PointInTimeCounters}; the dataset and the training impressions are required. */
  public static final class Builder {

    private Dataset dataset;
    private List<Impression> training;
    private double pseudoCount = DEFAULT_PSEUDO_COUNT;
    private int recentWindow = DEFAULT_RECENT_WINDOW;

    private Builder() {}

    /** The dataset whose user histories the behaviour counters read. */
    public Builder setDataset(Dataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /** The training impressions: the only labels the counters ever read. */
    public Builder setTraining(List<Impression> training) {
      this.training = List.copyOf(training);
      return this;
    }

    /** Pseudo-count {@code α > 0} of the additive smoothing toward the priors (default 10). */
    public Builder optPseudoCount(double pseudoCount) {
      if (!(pseudoCount > 0) || Double.isInfinite(pseudoCount)) {
        throw new IllegalArgumentException("pseudoCount must be positive and finite, was " + pseudoCount);
      }
      this.pseudoCount = pseudoCount;
      return this;
    }

    /** Size {@code W >= 1} of the recent-behaviour window over all types (default 20). */
    public Builder optRecentWindow(int recentWindow) {
      if (recentWindow < 1) {
        throw new IllegalArgumentException("recentWindow must be >= 1, was " + recentWindow);
      }
      this.recentWindow = recentWindow;
      return this;
    }

    public PointInTimeCounters build() {
      Objects.requireNonNull(dataset, "a dataset is required");
      Objects.requireNonNull(training, "training impressions are required");
      return new PointInTimeCounters(this);
    }
  }
}
