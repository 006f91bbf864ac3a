package dev.bahe.stores;

import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.NearestBehaviors;
import dev.bahe.api.store.StoreCorruptedException;
import dev.bahe.api.store.StoreException;
import dev.bahe.api.store.StoreMetadata;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code lucene} store: a Lucene 9.12 index with one document per behaviour, plus HNSW nearest-neighbour
 * search ({@link NearestBehaviors}).
 *
 * <p>Index: Lucene's default codec with an HNSW graph of {@value #HNSW_MAX_CONN} connections per node built
 * with beam width {@value #HNSW_BEAM_WIDTH} (a lighter build than Lucene's default 100; readers need no
 * special codec). Document fields: {@value #FIELD_KEY} (the key as a stored long and as numeric doc values),
 * {@value #FIELD_TEXT} (the normalised text, stored) and {@value #FIELD_VECTOR} (a {@link KnnFloatVectorField}
 * with {@link VectorSimilarityFunction#COSINE}, so vectors must be non-zero; Lucene keeps the raw float32
 * values, which gather reads back bit-exactly through {@link LeafReader#getFloatVectorValues}). With dtype
 * {@code float16} the values are rounded to binary16 before they are indexed (Lucene stores them as float32).
 * The store metadata lives in the commit user data ({@value MetadataCodec#PREFIX}* keys, plus
 * {@value #FORMAT_KEY}) and is compared on open.
 *
 * <p>Durability: {@link #flush()} adds the pending documents and calls {@link IndexWriter#commit()}, which is
 * atomic; readers see only commits (a reader is reopened after each commit), and {@link #close()} rolls back
 * anything uncommitted. Gather by key goes through an in-memory {@link LongIntHashTable} from key to global
 * doc id, rebuilt from the key doc values on each (re)open; the keys of one gather are sorted by doc id and
 * each leaf's vector values are read in one forward pass.
 *
 * <p>Verification: on open every segment's files are checksummed in full
 * ({@link LeafReader#checkIntegrity()}), and Lucene's own {@link CorruptIndexException} (and friends) become
 * {@link StoreCorruptedException}. Reads after open are <em>not</em> re-checksummed: Lucene verifies
 * checksums on open, merge and {@code checkIntegrity}, not on every vector read. Thread-safety as in
 * {@link AbstractBehaviorStore}; {@link #nearest} is a read.
 */
final class LuceneBehaviorStore extends AbstractBehaviorStore implements NearestBehaviors {

  static final String FIELD_KEY = "key";
  static final String FIELD_TEXT = "text";
  static final String FIELD_VECTOR = "vector";
  static final String FORMAT_KEY = "bahe.store.format";
  static final String FORMAT_VALUE = "lucene-1";
  /** HNSW neighbours per node (Lucene's default). */
  static final int HNSW_MAX_CONN = 16;
  /**
   * HNSW candidate list while building. Lucene's default is 100; 32 builds about 3x faster (on Java 17 Lucene
   * has no SIMD vector scorer) at a recall still above 0.9 (see LuceneBehaviorStoreTest).
   */
  static final int HNSW_BEAM_WIDTH = 32;
  /** A flush is split across indexing threads only into slices of at least this many documents. */
  static final int PARALLEL_SLICE_MIN_DOCS = 5_000;
  /** Candidates a {@link #nearest} search collects before it keeps the best {@code n}. */
  static final int NEAREST_CANDIDATES = 100;
  private static final Logger LOG = LoggerFactory.getLogger(LuceneBehaviorStore.class);

  private final Path dir;
  private final int indexingThreads = Runtime.getRuntime().availableProcessors();
  private final Directory directory;
  private IndexWriter writer; // replaced after a failed flush
  private final Map<String, String> userData;
  private Snapshot snapshot; // guarded by lock

  /** The committed view readers use: one reader, its leaves, and the key to global doc id map. */
  private record Snapshot(DirectoryReader reader, IndexSearcher searcher, List<LeafReaderContext> leaves,
      LongIntHashTable docs) {}

  LuceneBehaviorStore(Path dir, StoreMetadata requested) {
    this(dir, requested, UnaryOperator.identity());
  }

  /**
   * As above, with the index directory wrapped by {@code wrap} (tests pass one whose outputs fail like a full
   * disk, to prove a failed flush leaves the last commit intact).
   */
  LuceneBehaviorStore(Path dir, StoreMetadata requested, UnaryOperator<Directory> wrap) {
    super("lucene store " + dir, requested);
    if (dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS || dimension < 1) {
      throw new IllegalArgumentException("lucene store supports dimensions 1.." + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS
          + ", was " + dimension);
    }
    this.dir = dir;
    this.userData = new LinkedHashMap<>(MetadataCodec.toMap(requested));
    userData.put(FORMAT_KEY, FORMAT_VALUE);
    Directory d = null;
    IndexWriter w = null;
    DirectoryReader r = null;
    try {
      Files.createDirectories(dir);
      d = wrap.apply(FSDirectory.open(dir));
      boolean exists = DirectoryReader.indexExists(d);
      if (exists) {
        checkMetadata(SegmentInfos.readLatestCommit(d).getUserData(), requested);
      }
      w = newWriter(d);
      if (!exists) {
        w.setLiveCommitData(userData.entrySet());
        w.commit();
        LOG.info("created lucene store {} ({}, d={})", dir, requested.dtype(), dimension);
      }
      r = DirectoryReader.open(d);
      for (LeafReaderContext leaf : r.leaves()) {
        leaf.reader().checkIntegrity();
      }
      this.directory = d;
      this.writer = w;
      this.snapshot = snapshot(r);
    } catch (LockObtainFailedException e) {
      closeQuietly(r, w, d);
      throw new StoreException("lucene store " + dir + " is already open (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      closeQuietly(r, w, d);
      throw translate(e, "open");
    } catch (RuntimeException e) {
      closeQuietly(r, w, d);
      throw e;
    }
  }

  /**
   * A writer that never commits on its own: HNSW with {@value #HNSW_MAX_CONN} connections and beam width
   * {@value #HNSW_BEAM_WIDTH}, no commit on close, separate files per segment (so corruption
   * reports name the data file), a RAM buffer large enough that bulk loads make few segments (each with its
   * own HNSW graph; fewer merges means less graph rebuilding).
   */
  private static IndexWriter newWriter(Directory d) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return new Lucene99HnswVectorsFormat(HNSW_MAX_CONN, HNSW_BEAM_WIDTH);
          }
        })
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false)
        .setRAMBufferSizeMB(512)
        .setUseCompoundFile(false);
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setNoCFSRatio(0.0);
    config.setMergePolicy(mergePolicy);
    return new IndexWriter(d, config);
  }

  private void checkMetadata(Map<String, String> stored, StoreMetadata requested) {
    if (!FORMAT_VALUE.equals(stored.get(FORMAT_KEY))) {
      throw new StoreCorruptedException("lucene index " + dir + " is not a behaviour store of format "
          + FORMAT_VALUE + " (commit user data has " + FORMAT_KEY + "=" + stored.get(FORMAT_KEY) + ")");
    }
    List<String> differences = MetadataCodec.fromMap(stored, "lucene store " + dir).differences(requested);
    if (!differences.isEmpty()) {
      throw new MetadataMismatchException(dir.toString(), differences);
    }
  }

  private Snapshot snapshot(DirectoryReader reader) throws IOException {
    LongIntHashTable docs = new LongIntHashTable(reader.numDocs());
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues keys = leaf.reader().getNumericDocValues(FIELD_KEY);
      if (keys == null) {
        continue;
      }
      var live = leaf.reader().getLiveDocs();
      for (int doc = keys.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = keys.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        if (docs.put(keys.longValue(), leaf.docBase + doc) >= 0) {
          throw new StoreCorruptedException(String.format("lucene store %s holds key %016x twice", dir,
              keys.longValue()));
        }
      }
    }
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setQueryCache(null);
    return new Snapshot(reader, searcher, reader.leaves(), docs);
  }

  private StoreException translate(IOException e, String operation) {
    if (e instanceof CorruptIndexException || e instanceof IndexFormatTooOldException
        || e instanceof IndexFormatTooNewException || e instanceof EOFException
        || e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
      return new StoreCorruptedException("lucene store " + dir + " failed verification on " + operation + ": "
          + e.getMessage(), e);
    }
    return new StoreException("lucene store " + dir + ": " + operation + " failed: " + e, e);
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          if (r instanceof IndexWriter w) {
            w.rollback();
          } else {
            r.close();
          }
        } catch (Exception ignored) {
          // already failing
        }
      }
    }
  }

  @Override
  protected void validateRow(long key, String text, float[] row) {
    for (float v : row) {
      if (v != 0f) {
        return;
      }
    }
    throw new IllegalArgumentException(String.format(
        "vector for key %016x ('%s') is all zeros; the lucene store indexes with cosine similarity, which needs "
            + "a non-zero vector", key, text));
  }

  // ---------------------------------------------------------------------------------------------- reads

  @Override
  public long size() {
    long stamp = lock.readLock();
    try {
      return snapshot == null ? 0 : snapshot.docs.size();
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public boolean contains(long key) {
    ensureOpen();
    long stamp = lock.readLock();
    try {
      ensureOpen();
      return snapshot.docs.get(key) >= 0;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public GatherResult gather(long[] keys, float[] out, int offset) {
    checkGather(keys, out, offset);
    int d = dimension;
    Missing missing = new Missing();
    long[] order = new long[keys.length];
    long stamp = lock.readLock();
    try {
      ensureOpen();
      Snapshot s = snapshot;
      int found = 0;
      for (int i = 0; i < keys.length; i++) {
        int doc = s.docs.get(keys[i]);
        if (doc < 0) {
          int dst = offset + i * d;
          Arrays.fill(out, dst, dst + d, 0f);
          missing.add(i);
        } else {
          order[found++] = ((long) doc << 32) | i;
        }
      }
      Arrays.sort(order, 0, found);
      FloatVectorValues values = null;
      int leafStart = 0;
      int leafEnd = 0;
      for (int k = 0; k < found; k++) {
        int doc = (int) (order[k] >>> 32);
        int position = (int) order[k];
        if (values == null || doc >= leafEnd) {
          LeafReaderContext leaf = s.leaves.get(ReaderUtil.subIndex(doc, s.leaves));
          leafStart = leaf.docBase;
          leafEnd = leafStart + leaf.reader().maxDoc();
          values = leaf.reader().getFloatVectorValues(FIELD_VECTOR);
          if (values == null) {
            throw new StoreCorruptedException("lucene store " + dir + ": segment " + leaf.reader()
                + " has keys but no vectors");
          }
        }
        int target = doc - leafStart;
        int current = values.docID();
        if (current < target) {
          current = values.advance(target);
        }
        if (current != target) {
          throw new StoreCorruptedException(String.format("lucene store %s: document of key %016x has no vector",
              dir, keys[position]));
        }
        System.arraycopy(values.vectorValue(), 0, out, offset + position * d, d);
      }
    } catch (IOException e) {
      throw translate(e, "gather");
    } finally {
      lock.unlockRead(stamp);
    }
    return missing.result(keys.length);
  }

  @Override
  public Optional<String> text(long key) {
    ensureOpen();
    long stamp = lock.readLock();
    try {
      ensureOpen();
      int doc = snapshot.docs.get(key);
      if (doc < 0) {
        return Optional.empty();
      }
      return Optional.of(snapshot.reader.storedFields().document(doc, Set.of(FIELD_TEXT)).get(FIELD_TEXT));
    } catch (IOException e) {
      throw translate(e, "text read");
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void forEachKey(LongConsumer action) {
    ensureOpen();
    long[] keys;
    long stamp = lock.readLock();
    try {
      ensureOpen();
      keys = new long[snapshot.docs.size()];
      int[] n = {0};
      snapshot.docs.forEachKey(k -> keys[n[0]++] = k);
    } finally {
      lock.unlockRead(stamp);
    }
    for (long k : keys) {
      action.accept(k);
    }
  }

  /**
   * The {@code n} behaviours whose vectors are most cosine-similar to {@code vector}, best first, through
   * Lucene's HNSW graph (approximate: at least {@value #NEAREST_CANDIDATES} candidates are searched). Scores
   * are cosine similarities in {@code [-1, 1]}.
   */
  @Override
  public List<Neighbor> nearest(float[] vector, int n) {
    if (vector == null || vector.length != dimension) {
      throw new IllegalArgumentException("nearest needs a vector of length " + dimension);
    }
    if (n < 1) {
      throw new IllegalArgumentException("nearest needs n >= 1, was " + n);
    }
    boolean nonZero = false;
    for (float v : vector) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("nearest needs a finite vector");
      }
      nonZero |= v != 0f;
    }
    if (!nonZero) {
      throw new IllegalArgumentException("nearest needs a non-zero vector (cosine similarity)");
    }
    ensureOpen();
    long stamp = lock.readLock();
    try {
      ensureOpen();
      Snapshot s = snapshot;
      if (s.docs.size() == 0) {
        return List.of();
      }
      // search a wider candidate list than asked for (like an HNSW "ef"), then keep the best n
      int candidates = Math.max(n, NEAREST_CANDIDATES);
      TopDocs top = s.searcher.search(new KnnFloatVectorQuery(FIELD_VECTOR, vector.clone(), candidates), n);
      StoredFields fields = s.reader.storedFields();
      List<Neighbor> result = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc hit : top.scoreDocs) {
        Document doc = fields.document(hit.doc);
        long key = doc.getField(FIELD_KEY).numericValue().longValue();
        // Lucene scores cosine as (1 + cos) / 2
        result.add(new Neighbor(key, doc.get(FIELD_TEXT), 2f * hit.score - 1f));
      }
      return result;
    } catch (IOException e) {
      throw translate(e, "nearest search");
    } finally {
      lock.unlockRead(stamp);
    }
  }

  // ---------------------------------------------------------------------------------------------- writes

  @Override
  protected void doFlush(PendingWrites writes) {
    int n = writes.size();
    if (n == 0) {
      return;
    }
    try {
      addDocuments(writes);
      writer.setLiveCommitData(userData.entrySet());
      writer.commit();
    } catch (IOException | RuntimeException e) {
      // Drop the added documents (a retry must not index them twice): roll back to the last commit.
      try {
        writer.rollback();
        writer = newWriter(directory);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw new StoreException("flush of " + n + " documents to lucene store " + dir + " failed (nothing "
          + "committed): " + e, e);
    }
    writes.clear(); // committed: a failure below must not make a retry index these documents again
    try {
      DirectoryReader old = snapshot.reader;
      DirectoryReader fresh = DirectoryReader.openIfChanged(old);
      if (fresh == null) {
        return;
      }
      Snapshot next;
      try {
        next = snapshot(fresh);
      } catch (IOException | RuntimeException e) {
        fresh.close();
        throw e;
      }
      long stamp = lock.writeLock();
      try {
        snapshot = next;
      } finally {
        lock.unlockWrite(stamp);
      }
      old.close();
    } catch (IOException e) {
      throw translate(e, "reopen after commit (the writes are committed; reopening the store shows them)");
    }
  }

  /**
   * Adds the pending documents. Inserting into the HNSW graph dominates a bulk load, so a large flush is split
   * into contiguous slices indexed by {@link #indexingThreads} threads (Lucene gives each its own in-memory
   * segment); small flushes stay on the caller's thread.
   */
  private void addDocuments(PendingWrites writes) throws IOException {
    int n = writes.size();
    int threads = (int) Math.min(indexingThreads, Math.max(1, n / PARALLEL_SLICE_MIN_DOCS));
    if (threads == 1) {
      addRange(writes, 0, n);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "lucene-store-indexer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> slices = new ArrayList<>();
      for (int t = 1; t < threads; t++) {
        int from = (int) ((long) n * t / threads);
        int to = (int) ((long) n * (t + 1) / threads);
        slices.add(pool.submit(() -> {
          addRange(writes, from, to);
          return null;
        }));
      }
      addRange(writes, 0, n / threads);
      for (Future<?> slice : slices) {
        slice.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while indexing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void addRange(PendingWrites writes, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      Document doc = new Document();
      long key = writes.key(i);
      doc.add(new NumericDocValuesField(FIELD_KEY, key));
      doc.add(new StoredField(FIELD_KEY, key));
      doc.add(new StoredField(FIELD_TEXT, writes.text(i)));
      float[] v = Arrays.copyOfRange(writes.vectors(), writes.offset(i), writes.offset(i) + dimension);
      doc.add(new KnnFloatVectorField(FIELD_VECTOR, v, VectorSimilarityFunction.COSINE));
      writer.addDocument(doc);
    }
  }

  @Override
  protected void doClose() {
    try {
      writer.rollback();
    } catch (IOException e) {
      LOG.warn("rollback of {} failed: {}", dir, e.toString());
    }
    closeQuietly(snapshot.reader, directory);
  }
}
