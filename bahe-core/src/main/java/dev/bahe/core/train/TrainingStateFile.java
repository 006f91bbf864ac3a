package dev.bahe.core.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file a resumable training run keeps its {@link TrainingState} in. Written whole to a temporary file,
 * forced to disk, then renamed over the previous state (and the directory forced), so a kill at any moment
 * leaves either the previous state or the new one, never a mix; a SHA-256 of the content is checked on read,
 * so a damaged file is an error, never a silently wrong resume.
 *
 * <p>Layout: magic {@code "BHTS"}, format version, content length, content, SHA-256 of the content. The
 * content holds the state's fields in declaration order (byte arrays length-prefixed, -1 for null).
 */
final class TrainingStateFile {

  static final int MAGIC = 0x42485453; // "BHTS"
  static final int FORMAT_VERSION = 1;

  private TrainingStateFile() {}

  static void save(Path file, TrainingState s) {
    try {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(content)) {
        out.writeUTF(s.fingerprint());
        out.writeInt(s.epoch());
        out.writeInt(s.batchesDone());
        out.writeLong(s.step());
        out.writeInt(s.skippedSteps());
        out.writeDouble(s.epochLossSum());
        out.writeLong(s.epochSamples());
        out.writeDouble(s.trainSeconds());
        out.writeLong(s.samplesSeen());
        out.writeInt(s.bestEpoch());
        out.writeDouble(s.bestAuc());
        out.writeInt(s.epochsWithoutImprovement());
        out.writeDouble(s.lastEpochLoss());
        out.writeBoolean(s.lastEpochIsBest());
        writeBytes(out, s.parameters());
        writeBytes(out, s.bestParameters());
        writeBytes(out, s.optimizer());
      }
      byte[] body = content.toByteArray();
      ByteArrayOutputStream whole = new ByteArrayOutputStream(body.length + 64);
      try (DataOutputStream out = new DataOutputStream(whole)) {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(body.length);
        out.write(body);
        out.write(Checkpoints.sha256Bytes(body));
      }
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(whole.toByteArray());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("training state " + file + " needs a file system with atomic rename", e);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // some file systems cannot force a directory; the rename is durable once the OS flushes it
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write training state " + file, e);
    }
  }

  /** The state in {@code file}, or empty when there is none. */
  static Optional<TrainingState> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read training state " + file, e);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw damaged(file, "it is not a training state file");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw damaged(file, "format version " + version + ", this version reads " + FORMAT_VERSION);
      }
      long length = in.readLong();
      if (length < 0 || length != bytes.length - 16L - 32L) {
        throw damaged(file, "its length does not match its header (truncated?)");
      }
      byte[] body = in.readNBytes((int) length);
      byte[] sum = in.readNBytes(32);
      if (!Arrays.equals(sum, Checkpoints.sha256Bytes(body))) {
        throw damaged(file, "its SHA-256 does not match its content");
      }
      try (DataInputStream c = new DataInputStream(new ByteArrayInputStream(body))) {
        return Optional.of(new TrainingState(c.readUTF(), c.readInt(), c.readInt(), c.readLong(), c.readInt(),
            c.readDouble(), c.readLong(), c.readDouble(), c.readLong(), c.readInt(), c.readDouble(), c.readInt(),
            c.readDouble(), c.readBoolean(), readBytes(c), readBytes(c), readBytes(c)));
      }
    } catch (IOException e) {
      throw damaged(file, e.toString());
    }
  }

  /** Deletes the state (a finished run has nothing to resume). */
  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete training state " + file, e);
    }
  }

  private static IllegalStateException damaged(Path file, String why) {
    return new IllegalStateException("training state " + file + " cannot be resumed: " + why
        + "; delete it to start the run again");
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return in.readNBytes(n);
  }
}
