package dev.bahe.stores;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels a {@link FileBehaviorStore} writes through. The store uses {@link #DEFAULT}; tests
 * pass one whose channels fail like a full disk, to prove a failed flush leaves the last commit intact.
 */
@FunctionalInterface
interface FileChannels {

  /** {@link FileChannel#open(Path, OpenOption...)}. */
  FileChannels DEFAULT = FileChannel::open;

  FileChannel open(Path path, OpenOption... options) throws IOException;
}
