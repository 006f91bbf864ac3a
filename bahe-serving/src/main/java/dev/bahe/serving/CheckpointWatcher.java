package dev.bahe.serving;

import dev.bahe.core.train.CheckpointProvenance;
import dev.bahe.core.train.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory for new checkpoints: every {@code interval} it lists the directory's subdirectories, and a
 * new one that holds a complete checkpoint is loaded and swapped in by {@link ScoringService#reload} (atomic; the
 * requests in flight finish on the old model). Complete means what the checkpoint format guarantees on its own:
 * {@code provenance.json}, written last by {@link Checkpoints#save}, is present and the SHA-256 of
 * {@code model.params} equals the checksum it records. A directory still being written (no provenance yet, or
 * parameters that do not match it) is never loaded and is looked at again at the next poll; the subdirectories
 * present when watching starts are not loaded. Of several new complete checkpoints, the one whose
 * {@code provenance.json} is newest is loaded (the others are skipped). A checkpoint that fails to load is not
 * retried; the current model keeps serving.
 */
public final class CheckpointWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWatcher.class);

  private final Path directory;
  private final ScoringService service;
  private final Set<Path> seen = new HashSet<>();
  private final ScheduledExecutorService poller;
  private final AtomicLong loaded = new AtomicLong();

  /** Starts watching {@code directory} (which must exist) for {@code service}, polling every {@code interval}. */
  public CheckpointWatcher(Path directory, ScoringService service, Duration interval) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.service = Objects.requireNonNull(service, "service");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("--watch-checkpoints " + directory + " is not a directory");
    }
    for (Path d : subdirectories()) {
      seen.add(d);
    }
    LOG.info("watching {} for new checkpoints ({} already there are not loaded)", directory, seen.size());
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bahe-checkpoint-watch");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    poller.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Checkpoints loaded from the watched directory so far. */
  public long loaded() {
    return loaded.get();
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warn("watching {}: {}", directory, e.toString());
    }
  }

  /** One look at the directory: loads the newest new complete checkpoint, if any. */
  synchronized void poll() {
    List<Path> complete = new ArrayList<>();
    for (Path d : subdirectories()) {
      if (!seen.contains(d) && isComplete(d)) {
        complete.add(d);
      }
    }
    if (complete.isEmpty()) {
      return;
    }
    complete.sort(Comparator.comparing(CheckpointWatcher::provenanceTime));
    Path newest = complete.get(complete.size() - 1);
    seen.addAll(complete);
    for (Path skipped : complete.subList(0, complete.size() - 1)) {
      LOG.info("watching {}: skipping {}, a newer checkpoint appeared with it", directory, skipped);
    }
    try {
      ScoringService.ReloadResponse r = service.reload(newest);
      loaded.incrementAndGet();
      LOG.info("watching {}: loaded {} (model {}) in {} ms", directory, newest, r.modelVersion(), r.millis());
    } catch (RuntimeException e) {
      LOG.error("watching {}: {} failed to load; the current model keeps serving: {}", directory, newest,
          e.toString());
    }
  }

  /** Whether {@code dir} holds a whole checkpoint: its provenance, and parameters with the recorded checksum. */
  static boolean isComplete(Path dir) {
    Path params = dir.resolve(Checkpoints.PARAMETERS_FILE);
    if (!Files.isRegularFile(dir.resolve(Checkpoints.PROVENANCE_FILE)) || !Files.isRegularFile(params)) {
      return false;
    }
    CheckpointProvenance p;
    try {
      p = Checkpoints.readProvenance(dir);
    } catch (RuntimeException unreadable) {
      return false; // e.g. a provenance file another tool is still writing in place
    }
    return p.parametersSha256() != null && p.parametersSha256().equals(sha256(params));
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long provenanceTime(Path dir) {
    try {
      return Files.getLastModifiedTime(dir.resolve(Checkpoints.PROVENANCE_FILE)).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  private List<Path> subdirectories() {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
