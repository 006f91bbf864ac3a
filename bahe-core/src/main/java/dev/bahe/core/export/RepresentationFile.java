package dev.bahe.core.export;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The on-disk format of exported representations ({@code Q_u} per impression or {@code Q_i} per item). All
 * numbers big-endian ({@link DataOutputStream}); strings are {@link DataOutputStream#writeUTF modified UTF-8}.
 *
 * <pre>
 * header  bytes[8]  magic "BAHEREPS"
 *         int32     format version, 1
 *         byte      kind: 'U' one row per impression (Q_u), 'I' one row per item (Q_i)
 *         int32     dimension d
 *         int64     row count n
 *         utf       name of the model that produced the vectors
 * rows    kind U: utf user_id, utf item_id, int64 timestamp, float32[d]
 *         kind I: utf item_id, float32[d]
 * footer  int64     CRC-32 of every byte before the footer
 * </pre>
 *
 * <p>The writer writes to {@code <file>.tmp} and renames on {@link Writer#close()} after checking that exactly
 * {@code n} rows were written; the reader checks magic, version, kind, row count and checksum, so a torn or
 * foreign file is never read as representations.
 */
public final class RepresentationFile {

  static final byte[] MAGIC = "BAHEREPS".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  private RepresentationFile() {}

  /** The two kinds of representation files. */
  public enum Kind {
    /** One row per impression: the point-in-time user representation {@code Q_u}. */
    USER('U'),
    /** One row per item: {@code Q_i}. */
    ITEM('I');

    private final char code;

    Kind(char code) {
      this.code = code;
    }

    static Kind of(int code, Path file) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      throw new IllegalArgumentException(file + ": unknown representation kind '" + (char) code + "'");
    }
  }

  /** Receives rows while reading a file. */
  public interface RowVisitor {

    /** One row; {@code userId} is null and {@code timestamp} 0 for item files. */
    void row(String userId, String itemId, long timestamp, float[] vector);
  }

  /** Opens a writer of {@code rows} rows of dimension {@code dimension}. */
  public static Writer writer(Path file, Kind kind, int dimension, long rows, String modelName) {
    return new Writer(file, kind, dimension, rows, modelName);
  }

  /**
   * Reads and verifies {@code file}, passing every row to {@code visitor}.
   *
   * @return the header
   * @throws IllegalArgumentException naming the file when it is not a valid representation file
   */
  public static Header read(Path file, RowVisitor visitor) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32 crc = new CRC32();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException(file + " is not a representation file (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(file + ": representation format version " + version
            + " is not supported (this version reads " + VERSION + ")");
      }
      Kind kind = Kind.of(in.readByte(), file);
      int d = in.readInt();
      long n = in.readLong();
      String model = in.readUTF();
      if (d <= 0 || n < 0) {
        throw new IllegalArgumentException(file + ": invalid header (dimension " + d + ", rows " + n + ")");
      }
      float[] v = new float[d];
      for (long r = 0; r < n; r++) {
        String user = null;
        long ts = 0;
        if (kind == Kind.USER) {
          user = in.readUTF();
        }
        String item = in.readUTF();
        if (kind == Kind.USER) {
          ts = in.readLong();
        }
        for (int j = 0; j < d; j++) {
          v[j] = in.readFloat();
        }
        visitor.row(user, item, ts, v.clone());
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected) {
        throw new IllegalArgumentException(file + " is corrupt: CRC-32 " + Long.toHexString(expected)
            + " but footer records " + Long.toHexString(stored));
      }
      if (raw.read() != -1) {
        throw new IllegalArgumentException(file + " is corrupt: trailing bytes after the footer");
      }
      return new Header(kind, d, n, model);
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + " is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The header of a representation file.
   *
   * @param kind user or item rows
   * @param dimension vector size
   * @param rows number of rows
   * @param model name of the producing model
   */
  public record Header(Kind kind, int dimension, long rows, String model) {}

  /** Streams rows into a new representation file. Not thread-safe. */
  public static final class Writer implements AutoCloseable {

    private final Path file;
    private final Path tmp;
    private final Kind kind;
    private final int dimension;
    private final long rows;
    private final OutputStream raw;
    private final CRC32 crc = new CRC32();
    private final DataOutputStream out;
    private long written;
    private boolean closed;

    private Writer(Path file, Kind kind, int dimension, long rows, String modelName) {
      if (dimension <= 0 || rows < 0) {
        throw new IllegalArgumentException("dimension must be > 0 and rows >= 0, were " + dimension + ", " + rows);
      }
      this.file = file;
      this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
      this.kind = kind;
      this.dimension = dimension;
      this.rows = rows;
      try {
        if (file.toAbsolutePath().getParent() != null) {
          Files.createDirectories(file.toAbsolutePath().getParent());
        }
        this.raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        this.out = new DataOutputStream(new CheckedOutputStream(raw, crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeByte(kind.code);
        out.writeInt(dimension);
        out.writeLong(rows);
        out.writeUTF(modelName);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + tmp, e);
      }
    }

    /** Appends a user row (kind {@link Kind#USER}): {@code vector[offset .. offset+d)}. */
    public void user(String userId, String itemId, long timestamp, float[] vector, int offset) {
      requireKind(Kind.USER);
      try {
        out.writeUTF(userId);
        out.writeUTF(itemId);
        out.writeLong(timestamp);
        writeVector(vector, offset);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + tmp, e);
      }
    }

    /** Appends an item row (kind {@link Kind#ITEM}): {@code vector[offset .. offset+d)}. */
    public void item(String itemId, float[] vector, int offset) {
      requireKind(Kind.ITEM);
      try {
        out.writeUTF(itemId);
        writeVector(vector, offset);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + tmp, e);
      }
    }

    private void writeVector(float[] vector, int offset) throws IOException {
      if (written >= rows) {
        throw new IllegalStateException(file + ": more than the declared " + rows + " rows");
      }
      for (int j = 0; j < dimension; j++) {
        out.writeFloat(vector[offset + j]);
      }
      written++;
    }

    private void requireKind(Kind wanted) {
      if (kind != wanted) {
        throw new IllegalStateException(file + " holds " + kind + " rows, not " + wanted);
      }
    }

    /** Discards the partial file (after a failure); the target file is left as it was. Never throws. */
    public void abort() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        raw.close();
      } catch (IOException ignored) {
        // the partial file is deleted anyway
      }
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more can be done; the .tmp name never shadows a finished file
      }
    }

    /** Writes the footer and moves the file into place; fails if fewer rows than declared were written. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.flush();
        long sum = crc.getValue();
        new DataOutputStream(raw).writeLong(sum);
        raw.close();
        if (written != rows) {
          Files.deleteIfExists(tmp);
          throw new IllegalStateException(file + ": " + written + " rows written but " + rows + " declared");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot finish " + file, e);
      }
    }
  }
}
