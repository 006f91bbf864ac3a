package dev.bahe.serving;

import java.nio.file.Path;

/**
 * Opens a checkpoint directory into a {@link LoadedModel}. The service never builds components itself: whoever
 * starts it (the {@code bahe serve} command, a test) wires the configured encoder, store and head implementations
 * by name from the checkpoint's configuration, so the service depends only on the API and the core.
 */
@FunctionalInterface
public interface ModelSource {

  /**
   * Opens the checkpoint in {@code checkpoint}.
   *
   * @throws IllegalArgumentException when the directory holds no usable checkpoint
   */
  LoadedModel open(Path checkpoint);

  /** What the background flush of online-encoded vectors has done so far ({@code NONE} without a store). */
  default WriteBehindStore.FlushStats flushStats() {
    return WriteBehindStore.FlushStats.NONE;
  }
}
