package dev.bahe.spark.abe;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.api.registry.UnknownComponentException;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.BehaviorStoreFactory;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreMetadata;
import dev.bahe.spark.output.CommittedOutput;
import dev.bahe.stores.StoresModule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a committed ABE table into a behaviour store ({@code file} or {@code lucene}). The store is created with
 * the table's {@link StoreMetadata}; an existing store with different metadata is refused (its own check, naming
 * the differing fields), as is a table whose sidecar disagrees with the requested dtype. Keys the store already
 * holds with the same text are duplicates: counted and skipped, so an interrupted import resumes. A key the store
 * holds with a different text is a collision: all collisions are found first and reported, and then nothing is
 * written. Writes are flushed every {@code flushEvery} rows (the resume points).
 */
public final class StoreImport {

  private static final Logger LOG = LoggerFactory.getLogger(StoreImport.class);

  private StoreImport() {}

  /**
   * What an import did.
   *
   * @param rows rows in the table
   * @param imported vectors written now
   * @param duplicates rows whose key the store already held with the same text
   * @param collisions rows whose key the store held with a different text (then nothing was imported)
   * @param collisionExamples the first collisions, {@code key: stored text != table text}
   * @param storeSize vectors in the store afterwards
   */
  public record Result(long rows, long imported, long duplicates, long collisions, List<String> collisionExamples,
      long storeSize) {

    public boolean ok() {
      return collisions == 0;
    }
  }

  /** Imports the table at {@code table} into the store {@code options} names. */
  public static Result run(SparkSession spark, String table, StoreOptions options, int flushEvery) {
    AbeTableInfo info = CommittedOutput.readSidecar(spark, table, AbeTableInfo.class);
    if (!AbeTableInfo.FORMAT.equals(info.format())) {
      throw new IllegalArgumentException(table + ": not an ABE table (format " + info.format() + ")");
    }
    StoreMetadata metadata = info.metadata();
    if (!options.dtype().equals(metadata.dtype())) {
      metadata = new StoreMetadata(metadata.encoder(), options.dtype());
    }
    if (!options.name().equals("file") && !options.name().equals("lucene")) {
      throw new IllegalArgumentException("store import fills a 'file' or 'lucene' store, not '" + options.name()
          + "'");
    }
    Map<String, BehaviorStoreFactory> factories = Guice.createInjector(new StoresModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BehaviorStoreFactory>>() {}));
    BehaviorStoreFactory factory = factories.get(options.name());
    if (factory == null) {
      throw new UnknownComponentException(ComponentKind.STORE, options.name(), factories.keySet());
    }
    try (BehaviorStore store = factory.open(options, metadata)) {
      if (!store.metadata().equals(metadata)) {
        throw new MetadataMismatchException("behaviour store " + options.path(),
            store.metadata().differences(metadata));
      }
      var rows = spark.read().parquet(table).select("key", "text", "vector");
      long total = 0;
      long collisions = 0;
      List<String> examples = new ArrayList<>();
      for (Iterator<Row> it = rows.select("key", "text").toLocalIterator(); it.hasNext(); ) {
        Row r = it.next();
        total++;
        Optional<String> stored = store.contains(r.getLong(0)) ? store.text(r.getLong(0)) : Optional.empty();
        if (stored.isPresent() && !stored.get().equals(r.getString(1))) {
          collisions++;
          if (examples.size() < 20) {
            examples.add(r.getLong(0) + ": '" + stored.get() + "' != '" + r.getString(1) + "'");
          }
        }
      }
      if (collisions > 0) {
        LOG.warn("store import refused: {} key collisions between {} and the store at {}", collisions, table,
            options.path());
        return new Result(total, 0, 0, collisions, examples, store.size());
      }
      int d = metadata.dimension();
      long imported = 0;
      long duplicates = 0;
      List<Row> pending = new ArrayList<>();
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        Row r = it.next();
        if (store.contains(r.getLong(0))) {
          duplicates++;
          continue;
        }
        pending.add(r);
        if (pending.size() >= flushEvery) {
          imported += write(store, pending, d);
        }
      }
      imported += write(store, pending, d);
      LOG.info("store import: {} rows, {} imported, {} already stored; the store holds {}", total, imported,
          duplicates, store.size());
      return new Result(total, imported, duplicates, 0, List.of(), store.size());
    }
  }

  private static long write(BehaviorStore store, List<Row> pending, int d) {
    int n = pending.size();
    if (n == 0) {
      return 0;
    }
    long[] keys = new long[n];
    String[] texts = new String[n];
    float[] vectors = new float[n * d];
    for (int i = 0; i < n; i++) {
      Row r = pending.get(i);
      keys[i] = r.getLong(0);
      texts[i] = r.getString(1);
      List<Float> v = r.getList(2);
      if (v.size() != d) {
        throw new IllegalArgumentException("row of key " + keys[i] + " has a vector of " + v.size()
            + " values, the table's dimension is " + d);
      }
      for (int j = 0; j < d; j++) {
        vectors[i * d + j] = v.get(j);
      }
    }
    store.putAll(keys, texts, vectors);
    store.flush();
    pending.clear();
    return n;
  }
}
