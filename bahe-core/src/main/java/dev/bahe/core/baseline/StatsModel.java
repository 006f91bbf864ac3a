package dev.bahe.core.baseline;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.bahe.api.data.Impression;
import dev.bahe.api.metrics.Auc;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.model.CtrModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code stats} baseline: a logistic regression on the standardized {@link PointInTimeCounters} of each
 * impression, the floor every text model must clear. It is fitted exactly when built — Newton's method with a
 * small L2 ridge ({@link RidgeLogisticRegression}), means and standard deviations from the training impressions —
 * and then exposed as a DJL {@link Linear} block {@code x·w + b}, so the same {@code Evaluator} and checkpoints
 * run it. It needs no {@code Trainer}.
 *
 * <p>Which {@link CounterGroup}s it uses is chosen on the validation impressions by greedy backward elimination
 * ({@link BackwardGroupSelection}, each candidate refitted on the training impressions), as early stopping chooses
 * an epoch: a group that fits the training period but does not carry into later impressions is dropped. On
 * MovieLens the user's impression labels are such a group (the time split puts mostly new users in the test).
 * Without validation impressions of both classes every group is kept. Deterministic.
 *
 * <p>Block input: {@code x float32 [B, k]}, the standardized counters of the kept groups' {@code k} columns.
 * Output: logits {@code [B, 1]}. Owns its parameters' native memory until {@link #close()}.
 */
public final class StatsModel implements CtrModel {

  private static final Logger LOG = LoggerFactory.getLogger(StatsModel.class);

  /** Default L2 ridge on the weights of the standardized counters (the loss is a sum over impressions). */
  public static final double DEFAULT_RIDGE = 1.0;

  private final StandardizedCounters counters;
  private final List<CounterGroup> kept;
  private final int[] columns;
  private final double[] weights;
  private final double bias;
  private final double validationAuc;
  private final NDManager manager;
  private final Linear block;

  private StatsModel(Builder b) {
    this.counters = StandardizedCounters.fit(b.counters, b.training);
    PointInTimeCounters raw = b.counters;
    double[][] xTrain = counters.matrix(b.training);
    int[] yTrain = labels(b.training);
    List<CounterGroup> candidates = new ArrayList<>();
    for (CounterGroup g : b.candidates) {
      if (raw.columns(g).length > 0) {
        candidates.add(g);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("none of the counter groups " + b.candidates + " has a column");
    }
    double ridge = b.ridge;
    List<CounterGroup> chosen;
    double validAuc = Double.NaN;
    if (hasBothClasses(b.validation)) {
      double[][] xValid = counters.matrix(b.validation);
      int[] yValid = labels(b.validation);
      BackwardGroupSelection.Selection s = BackwardGroupSelection.select(candidates,
          groups -> Auc.of(RidgeLogisticRegression.fit(xTrain, columnsOf(raw, groups), yTrain, ridge)
              .logits(xValid), yValid));
      chosen = s.kept();
      validAuc = s.score();
      LOG.info("stats: kept counter groups {} of {} by validation AUC ({} impressions): {} (all groups: {})",
          chosen, candidates, b.validation.size(), fmt(s.score()), fmt(s.allScore()));
    } else {
      chosen = candidates;
      LOG.info("stats: no validation impressions of both classes, keeping every counter group {}", candidates);
    }
    this.kept = List.copyOf(chosen);
    this.columns = columnsOf(raw, kept);
    RidgeLogisticRegression.Fit fit = RidgeLogisticRegression.fit(xTrain, columns, yTrain, ridge);
    this.weights = fit.weights();
    this.bias = fit.bias();
    this.validationAuc = validAuc;
    LOG.info("stats: logistic regression on {} counters of {} training impressions, {} Newton steps, bias {}",
        columns.length, b.training.size(), fit.iterations(), fmt(bias));
    this.manager = NDManager.newBaseManager();
    this.block = Linear.builder().setUnits(1).build();
    block.initialize(manager, DataType.FLOAT32, new Shape(1, columns.length));
    float[] w = new float[columns.length];
    for (int c = 0; c < w.length; c++) {
      w[c] = (float) weights[c];
    }
    block.getParameters().get("weight").getArray().set(w);
    block.getParameters().get("bias").getArray().set(new float[] {(float) bias});
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "stats";
  }

  @Override
  public Block block() {
    return block;
  }

  /** {@code x float32 [B, k]}: the standardized counters of the kept columns. */
  @Override
  public NDList features(List<Impression> batch, NDManager manager) {
    int k = columns.length;
    float[] row = new float[counters.size()];
    float[] x = new float[batch.size() * k];
    for (int r = 0; r < batch.size(); r++) {
      counters.copyFeatures(batch.get(r), row, 0);
      for (int c = 0; c < k; c++) {
        x[r * k + c] = row[columns[c]];
      }
    }
    return new NDList(manager.create(x, new Shape(batch.size(), k)));
  }

  /** No pretrained backbone. */
  @Override
  public boolean isBackboneParameter(String parameterName) {
    return false;
  }

  /** A linear layer keeps no graph worth avoiding. */
  @Override
  public InferenceScope inference() {
    return InferenceScope.NONE;
  }

  /** The counter groups the validation split kept, in {@link CounterGroup} order. */
  public List<CounterGroup> keptGroups() {
    return kept;
  }

  /** Weight of every kept column on its standardized scale, by column name, in column order. */
  public Map<String, Double> coefficients() {
    Map<String, Double> out = new LinkedHashMap<>();
    List<String> names = counters.counters().names();
    for (int c = 0; c < columns.length; c++) {
      out.put(names.get(columns[c]), weights[c]);
    }
    return out;
  }

  /** The intercept. */
  public double bias() {
    return bias;
  }

  /** Validation AUC of the kept groups, NaN when no selection ran. */
  public double validationAuc() {
    return validationAuc;
  }

  @Override
  public void close() {
    manager.close();
  }

  private static int[] columnsOf(PointInTimeCounters counters, List<CounterGroup> groups) {
    return groups.stream().flatMapToInt(g -> Arrays.stream(counters.columns(g))).sorted().toArray();
  }

  private static int[] labels(List<Impression> impressions) {
    int[] y = new int[impressions.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = impressions.get(i).label();
    }
    return y;
  }

  private static boolean hasBothClasses(List<Impression> impressions) {
    boolean pos = false;
    boolean neg = false;
    for (Impression imp : impressions) {
      pos |= imp.clicked();
      neg |= !imp.clicked();
    }
    return pos && neg;
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }

  /** Builds a {@link StatsModel}: counters and training impressions are required. */
  public static final class Builder {

    private PointInTimeCounters counters;
    private List<Impression> training;
    private List<Impression> validation = List.of();
    private List<CounterGroup> candidates = List.of(CounterGroup.values());
    private double ridge = DEFAULT_RIDGE;

    private Builder() {}

    /** The counters, normally built from the same training impressions. */
    public Builder setCounters(PointInTimeCounters counters) {
      this.counters = Objects.requireNonNull(counters, "counters");
      return this;
    }

    /** The impressions the regression is fitted on (and the standardization computed over). */
    public Builder setTraining(List<Impression> training) {
      this.training = List.copyOf(training);
      return this;
    }

    /** The impressions that choose the counter groups; without them every group is kept. */
    public Builder optValidation(List<Impression> validation) {
      this.validation = List.copyOf(validation);
      return this;
    }

    /** The groups selection starts from (default all); groups without columns are ignored. */
    public Builder optCandidateGroups(List<CounterGroup> groups) {
      if (groups.isEmpty()) {
        throw new IllegalArgumentException("at least one counter group is needed");
      }
      this.candidates = List.copyOf(groups);
      return this;
    }

    /** L2 ridge {@code >= 0} on the weights (default 1.0). */
    public Builder optRidge(double ridge) {
      if (!(ridge >= 0) || Double.isInfinite(ridge)) {
        throw new IllegalArgumentException("ridge must be >= 0 and finite, was " + ridge);
      }
      this.ridge = ridge;
      return this;
    }

    public StatsModel build() {
      Objects.requireNonNull(counters, "counters are required");
      Objects.requireNonNull(training, "training impressions are required");
      if (training.isEmpty()) {
        throw new IllegalArgumentException("the stats baseline needs training impressions, but there are none");
      }
      return new StatsModel(this);
    }
  }
}
