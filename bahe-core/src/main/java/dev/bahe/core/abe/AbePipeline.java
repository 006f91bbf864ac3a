package dev.bahe.core.abe;

import dev.bahe.api.data.Dataset;
import dev.bahe.api.model.BehaviorEncoder;
import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.model.TextTokenizer;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.KeyCollisionException;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic Behaviour Encoding (ABE): fills a {@link BehaviorStore} with one vector per unique atomic behaviour.
 *
 * <p>Steps: scan the dataset into the set {@code H} ({@link BehaviorCorpus}); skip every key the store already
 * holds; sort the rest by length (tokens when a tokenizer is given, otherwise characters; ties by text) so each
 * batch pads little; cut into batches of at most {@code batchSize} texts and at most {@code maxTokensPerBatch}
 * padded length units; encode each batch with the frozen lower layers ({@link BehaviorEncoder}); write it with
 * {@link BehaviorStore#putAll}; {@link BehaviorStore#flush()} every {@code flushEveryBatches} batches and at the
 * end.
 *
 * <p>Resumable: the store's flushed keys are the checkpoint. A killed run loses at most the batches since the
 * last flush; a restarted run skips what is stored and, because the order is deterministic and flushes fall on
 * batch boundaries, encodes the remaining texts in exactly the batches an uninterrupted run would have used.
 * {@code stopAfterBatches} ends a run early (after flushing), as a controlled interruption.
 *
 * <p>Not thread-safe: one run at a time. The pipeline neither opens nor closes the encoder and the store.
 */
public final class AbePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(AbePipeline.class);

  private final BehaviorEncoder encoder;
  private final BehaviorStore store;
  private final int batchSize;
  private final int maxTokensPerBatch;
  private final int flushEveryBatches;
  private final int stopAfterBatches;
  private final ToIntFunction<String> length;
  private final AbeProgressListener listener;

  private AbePipeline(Builder b) {
    this.encoder = b.encoder;
    this.store = b.store;
    this.batchSize = b.batchSize;
    this.maxTokensPerBatch = b.maxTokensPerBatch;
    this.flushEveryBatches = b.flushEveryBatches;
    this.stopAfterBatches = b.stopAfterBatches;
    this.length = b.length;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Scans {@code dataset} and encodes what the store lacks. */
  public AbeReport run(Dataset dataset) {
    BehaviorCorpus corpus = BehaviorCorpus.scan(dataset);
    LOG.info("ABE scan of {}: |H| = {} unique texts from {} occurrences ({} behaviours, {} items), dedupe ratio"
            + " {}", dataset.name(), corpus.size(), corpus.occurrences(), corpus.behaviorOccurrences(),
        corpus.itemOccurrences(), String.format("%.2f", corpus.dedupeRatio()));
    return run(corpus);
  }

  /** Encodes the texts of {@code corpus} that the store lacks. */
  public AbeReport run(BehaviorCorpus corpus) {
    checkCompatible();
    long start = System.nanoTime();
    List<Integer> todo = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < corpus.size(); i++) {
      long key = corpus.key(i);
      if (store.contains(key)) {
        Optional<String> stored = store.text(key);
        if (stored.isPresent() && !stored.get().equals(corpus.text(i))) {
          throw new KeyCollisionException(key, stored.get(), corpus.text(i));
        }
        skipped++;
      } else {
        todo.add(i);
      }
    }
    int[] lengths = new int[corpus.size()];
    for (int i : todo) {
      lengths[i] = Math.max(1, length.applyAsInt(corpus.text(i)));
    }
    todo.sort(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparing(corpus::text));
    LOG.info("ABE: {} of {} texts already stored, {} to encode", skipped, corpus.size(), todo.size());

    int d = encoder.dimension();
    int encoded = 0;
    int batches = 0;
    int sinceFlush = 0;
    int pos = 0;
    while (pos < todo.size()) {
      if (stopAfterBatches > 0 && batches >= stopAfterBatches) {
        break;
      }
      int end = batchEnd(todo, lengths, pos);
      int n = end - pos;
      long[] keys = new long[n];
      String[] texts = new String[n];
      for (int j = 0; j < n; j++) {
        int idx = todo.get(pos + j);
        keys[j] = corpus.key(idx);
        texts[j] = corpus.text(idx);
      }
      float[] vectors = encoder.encode(Arrays.asList(texts));
      checkVectors(vectors, texts, d);
      store.putAll(keys, texts, vectors);
      encoded += n;
      batches++;
      pos = end;
      if (++sinceFlush >= flushEveryBatches) {
        flush(encoded, todo.size(), batches, start);
        sinceFlush = 0;
      }
    }
    if (sinceFlush > 0) {
      flush(encoded, todo.size(), batches, start);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean complete = pos >= todo.size();
    double rate = seconds > 0 ? encoded / seconds : 0;
    AbeReport report = new AbeReport(corpus.size(), corpus.occurrences(), corpus.dedupeRatio(), encoded, skipped,
        batches, complete, seconds, rate);
    LOG.info("ABE {}: encoded {} texts in {} batches, {} s, {} behaviours/s; store now holds {}",
        complete ? "complete" : "stopped early", encoded, batches, String.format("%.2f", seconds),
        String.format("%.1f", rate), store.size());
    return report;
  }

  /** End (exclusive) of the batch starting at {@code pos}: both caps hold, at least one text. */
  private int batchEnd(List<Integer> todo, int[] lengths, int pos) {
    int end = pos + 1;
    while (end < todo.size() && end - pos < batchSize) {
      // sorted ascending, so the newest text is the longest: padded units = its length times the count
      long padded = (long) lengths[todo.get(end)] * (end - pos + 1);
      if (padded > maxTokensPerBatch) {
        break;
      }
      end++;
    }
    return end;
  }

  private void flush(int encoded, int toEncode, int batches, long start) {
    store.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = seconds > 0 ? encoded / seconds : 0;
    double eta = rate > 0 ? (toEncode - encoded) / rate : Double.POSITIVE_INFINITY;
    AbeProgress progress = new AbeProgress(encoded, toEncode, batches, rate, eta);
    LOG.info("ABE progress: {}/{} encoded, {} behaviours/s, ETA {} s", encoded, toEncode,
        String.format("%.1f", rate), String.format("%.0f", eta));
    listener.onProgress(progress);
  }

  private static void checkVectors(float[] vectors, String[] texts, int d) {
    if (vectors.length != texts.length * d) {
      throw new IllegalStateException("encoder returned " + vectors.length + " values for " + texts.length
          + " texts of dimension " + d);
    }
    for (int i = 0; i < vectors.length; i++) {
      if (!Float.isFinite(vectors[i])) {
        throw new IllegalStateException("encoder returned a non-finite value for text '" + texts[i / d] + "'");
      }
    }
  }

  private void checkCompatible() {
    EncoderIdentity stored = store.metadata().encoder();
    EncoderIdentity mine = encoder.identity();
    if (!stored.equals(mine)) {
      StoreMetadata asEncoder = new StoreMetadata(mine, store.metadata().dtype());
      throw new MetadataMismatchException("behaviour store", store.metadata().differences(asEncoder));
    }
  }

  /** Builds an {@link AbePipeline}; encoder and store are required. */
  public static final class Builder {

    private BehaviorEncoder encoder;
    private BehaviorStore store;
    private int batchSize = 256;
    private int maxTokensPerBatch = Integer.MAX_VALUE;
    private int flushEveryBatches = 8;
    private int stopAfterBatches;
    private ToIntFunction<String> length = String::length;
    private AbeProgressListener listener = AbeProgressListener.NONE;

    private Builder() {}

    public Builder setEncoder(BehaviorEncoder encoder) {
      this.encoder = Objects.requireNonNull(encoder, "encoder");
      return this;
    }

    public Builder setStore(BehaviorStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Texts per encoder call (default 256). */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = positive(batchSize, "batchSize");
      return this;
    }

    /** Cap on {@code longest length × texts} per batch, in the units of the length function. */
    public Builder optMaxTokensPerBatch(int maxTokensPerBatch) {
      this.maxTokensPerBatch = positive(maxTokensPerBatch, "maxTokensPerBatch");
      return this;
    }

    /** Flush the store every this many batches (default 8): the resume granularity. */
    public Builder optFlushEveryBatches(int flushEveryBatches) {
      this.flushEveryBatches = positive(flushEveryBatches, "flushEveryBatches");
      return this;
    }

    /** Stop (after flushing) once this many batches ran; 0 (default) runs to the end. */
    public Builder optStopAfterBatches(int stopAfterBatches) {
      if (stopAfterBatches < 0) {
        throw new IllegalArgumentException("stopAfterBatches must be >= 0, was " + stopAfterBatches);
      }
      this.stopAfterBatches = stopAfterBatches;
      return this;
    }

    /** Sort and cap batches by token count (special tokens included) instead of characters. */
    public Builder optTokenizer(TextTokenizer tokenizer) {
      this.length = tokenizer::countTokens;
      return this;
    }

    public Builder optProgressListener(AbeProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public AbePipeline build() {
      Objects.requireNonNull(encoder, "encoder is required");
      Objects.requireNonNull(store, "store is required");
      if (encoder.dimension() != store.dimension()) {
        throw new IllegalArgumentException("encoder dimension " + encoder.dimension()
            + " differs from store dimension " + store.dimension());
      }
      return new AbePipeline(this);
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
