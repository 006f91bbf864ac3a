package dev.bahe.stores;

import static dev.bahe.stores.StoreTestSupport.key;
import static dev.bahe.stores.StoreTestSupport.text;
import static dev.bahe.stores.StoreTestSupport.vector;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import java.nio.file.Path;

/**
 * Child process of {@link StoreCrashTest}: opens a store, then forever puts batches of the deterministic
 * test vectors (continuing after what the store already holds), flushes each batch and prints
 * {@code flushed N} (N = records flushed in total) after each flush, until it is killed.
 *
 * <p>Arguments: store name, directory, dimension, batch size.
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) {
    String name = args[0];
    Path dir = Path.of(args[1]);
    int d = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    BehaviorStore store = StoreTestSupport.factories().get(name)
        .open(new StoreOptions(name, dir.toString(), "float32"), StoreTestSupport.metadata(d, "float32"));
    int next = (int) store.size();
    System.out.println("opened " + next);
    System.out.flush();
    while (true) {
      for (int i = next; i < next + batch; i++) {
        store.put(key(i), text(i), vector(i, d));
      }
      store.flush();
      next += batch;
      System.out.println("flushed " + next);
      System.out.flush();
    }
  }
}
