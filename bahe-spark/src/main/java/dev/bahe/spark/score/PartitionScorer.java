package dev.bahe.spark.score;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import dev.bahe.api.model.InferenceScope;
import dev.bahe.core.eval.Evaluator;
import dev.bahe.core.export.RepresentationExporter;
import dev.bahe.core.model.Sample;
import dev.bahe.core.model.TextCtrModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One scoring task: its partition holds first the ABE vectors its rows need (kind 0: {@code key, text, vector}),
 * then the rows to score (kind 1) in a fixed order. The vectors go into the executor model's store, then the rows
 * are scored in batches through the core's feature path: per impression the click probability ({@code sigmoid} of
 * the block's logit, as {@code bahe evaluate}) and {@code Q_u} ({@code sampleRepresentations}, as
 * {@code bahe export}); per item {@code Q_i} from the export's probe sample (no history, earliest time).
 *
 * <p>An impression's sample is rebuilt from its history row: per type the keys and times of its most recent
 * {@code M} behaviours (texts from the ABE table) and the count of all its behaviours before the impression, as a
 * point-in-time {@link UserHistory#window}, so the selector, the type shares and the store gather see what they see
 * on one machine.
 */
final class PartitionScorer implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Column positions of the partition rows ({@link ScoreJob} selects them in this order). */
  static final int KIND = 1;
  static final int KEY = 2;
  static final int TEXT = 3;
  static final int VECTOR = 4;
  static final int FILE = 5;
  static final int LINE = 6;
  static final int USER = 7;
  static final int ITEM = 8;
  static final int TIME = 9;
  static final int LABEL = 10;
  static final int ITEM_TEXT = 11;
  static final int KEYS = 12;
  static final int TIMES = 13;
  static final int SIZES = 14;
  static final int COUNTS = 15;
  /** Item rows: {@code part, kind, key, text, vector, item_id, item_text}. */
  static final int ITEM_ID = 5;
  static final int ITEM_ROW_TEXT = 6;

  private final ScoringSpec spec;
  private final int batchSize;

  PartitionScorer(ScoringSpec spec, int batchSize) {
    this.spec = spec;
    this.batchSize = batchSize;
  }

  /** Scores the impressions of a partition: {@code file, line, user_id, item_id, timestamp, label, p, q_u}. */
  Iterator<Row> impressions(Iterator<Row> rows, int failPartitionOnce) {
    TaskContext task = TaskContext.get();
    ScoringModel scoring = ExecutorModels.get(spec, Math.max(1, task.cpus()));
    Map<Long, String> texts = new HashMap<>();
    List<Row> pending = loadVectors(rows, scoring, texts);
    TextCtrModel model = scoring.model();
    List<BehaviorType> types = spec.types().stream().map(BehaviorType::of).toList();
    List<Row> out = new ArrayList<>(pending.size());
    try (InferenceScope inference = model.inference(); NDManager manager = NDManager.newBaseManager()) {
      ParameterStore ps = new ParameterStore(manager, false);
      for (int from = 0; from < pending.size(); from += batchSize) {
        List<Row> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
        List<Sample> samples = new ArrayList<>(batch.size());
        for (Row r : batch) {
          samples.add(new Sample(history(r, types, texts), new Item(r.getString(ITEM), r.getString(ITEM_TEXT)),
              r.getLong(TIME)));
        }
        try (NDManager bm = manager.newSubManager()) {
          NDList input = model.sampleFeatures(samples, bm);
          float[] logits = model.block().forward(ps, input, false).singletonOrThrow()
              .toType(DataType.FLOAT32, false).toFloatArray();
          float[] qu = model.sampleRepresentations(samples, bm).get(0).toType(DataType.FLOAT32, false)
              .toFloatArray();
          if (logits.length != batch.size() || qu.length % batch.size() != 0) {
            throw new IllegalStateException("model returned " + logits.length + " logits and " + qu.length
                + " Q_u values for a batch of " + batch.size());
          }
          int d = qu.length / batch.size();
          for (int i = 0; i < batch.size(); i++) {
            Row r = batch.get(i);
            out.add(RowFactory.create(r.getString(FILE), r.getLong(LINE), r.getString(USER), r.getString(ITEM),
                r.getLong(TIME), r.getInt(LABEL), Evaluator.sigmoid(logits[i]),
                Arrays.copyOfRange(qu, i * d, (i + 1) * d)));
          }
        }
        if (from == 0 && task.partitionId() == failPartitionOnce && task.attemptNumber() == 0) {
          throw new IllegalStateException("recovery drill: scoring partition " + failPartitionOnce
              + " fails on its first attempt after its first batch");
        }
      }
    }
    return out.iterator();
  }

  /** {@code Q_i} of the items of a partition: {@code item_id, q_i}. */
  Iterator<Row> items(Iterator<Row> rows) {
    ScoringModel scoring = ExecutorModels.get(spec, Math.max(1, TaskContext.get().cpus()));
    List<Row> pending = loadVectors(rows, scoring, new HashMap<>());
    TextCtrModel model = scoring.model();
    UserHistory probe = UserHistory.empty(RepresentationExporter.PROBE_USER);
    List<Row> out = new ArrayList<>(pending.size());
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int from = 0; from < pending.size(); from += batchSize) {
        List<Row> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
        List<Sample> samples = new ArrayList<>(batch.size());
        for (Row r : batch) {
          samples.add(new Sample(probe, new Item(r.getString(ITEM_ID), r.getString(ITEM_ROW_TEXT)),
              Long.MIN_VALUE));
        }
        try (NDManager bm = manager.newSubManager()) {
          float[] qi = model.sampleRepresentations(samples, bm).get(1).toType(DataType.FLOAT32, false)
              .toFloatArray();
          int d = qi.length / batch.size();
          for (int i = 0; i < batch.size(); i++) {
            out.add(RowFactory.create(batch.get(i).getString(ITEM_ID), Arrays.copyOfRange(qi, i * d, (i + 1) * d)));
          }
        }
      }
    }
    return out.iterator();
  }

  /** Puts the partition's leading vector rows into the store; returns the rows to score, in partition order. */
  private static List<Row> loadVectors(Iterator<Row> rows, ScoringModel scoring, Map<Long, String> texts) {
    List<Long> keys = new ArrayList<>();
    List<String> keyTexts = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<Row> pending = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.getInt(KIND) == 0) {
        long key = r.getLong(KEY);
        List<Float> v = r.getList(VECTOR);
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
          f[i] = v.get(i);
        }
        keys.add(key);
        keyTexts.add(r.getString(TEXT));
        vectors.add(f);
        texts.put(key, r.getString(TEXT));
      } else {
        pending.add(r);
      }
    }
    if (!keys.isEmpty()) {
      int d = vectors.get(0).length;
      float[] all = new float[keys.size() * d];
      for (int i = 0; i < vectors.size(); i++) {
        if (vectors.get(i).length != d) {
          throw new IllegalStateException("ABE vector of key " + keys.get(i) + " has " + vectors.get(i).length
              + " values, others " + d);
        }
        System.arraycopy(vectors.get(i), 0, all, i * d, d);
      }
      scoring.addVectors(keys.stream().mapToLong(Long::longValue).toArray(), keyTexts.toArray(String[]::new), all);
    }
    return pending;
  }

  /** The impression's point-in-time window of its user's history. */
  private static UserHistory history(Row r, List<BehaviorType> types, Map<Long, String> texts) {
    List<Long> keys = r.getList(KEYS);
    List<Long> times = r.getList(TIMES);
    List<Integer> sizes = r.getList(SIZES);
    List<Long> counts = r.getList(COUNTS);
    List<Behavior> behaviors = new ArrayList<>(keys.size());
    Map<BehaviorType, Integer> earlier = new HashMap<>();
    int at = 0;
    for (int t = 0; t < types.size(); t++) {
      int n = sizes.get(t);
      for (int j = at; j < at + n; j++) {
        String text = texts.get(keys.get(j));
        if (text == null) {
          throw new IllegalStateException(r.getString(FILE) + ":" + r.getLong(LINE) + ": behaviour key "
              + keys.get(j) + " reached the scorer without its ABE vector");
        }
        behaviors.add(new Behavior(types.get(t), times.get(j), text));
      }
      at += n;
      earlier.put(types.get(t), Math.toIntExact(counts.get(t) - n));
    }
    return UserHistory.window(r.getString(USER), behaviors, earlier);
  }
}
