package dev.bahe.stores;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.GatherResult;
import dev.bahe.api.store.MetadataMismatchException;
import dev.bahe.api.store.StoreCorruptedException;
import dev.bahe.api.store.StoreException;
import dev.bahe.api.store.StoreMetadata;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} store: append-only files of fixed-size records, memory-mapped for reads, with a CRC32C per
 * record and an atomically replaced commit file. A directory holds three files; all integers are
 * little-endian unless stated otherwise.
 *
 * <p><b>{@value #VECTORS_FILE}</b> — header, then records {@code 0..count-1}:
 *
 * <pre>
 * header, {@value #HEADER_SIZE} bytes:
 *   0    int32  magic 0x56454842 (bytes "BHEV")
 *   4    int32  format version ({@value #FORMAT_VERSION})
 *   8    int32  dimension d
 *   12   int32  dtype: 0 = float32, 1 = float16
 *   16   int32  record size R in bytes
 *   20   int32  metadata length n
 *   24   n      metadata: the {@link StoreMetadata} as written by {@link MetadataCodec#toBytes}
 *   ..   zero padding
 *   4092 int32  CRC32C of bytes [0, 4092)
 * record i, at byte 4096 + i * R:
 *   0    int64  key (never 0)
 *   8    int64  byte offset of the text in texts.dat
 *   16   int32  text length in bytes (UTF-8)
 *   20   int32  CRC32C of the text bytes
 *   24   d * 4 (float32) or d * 2 (float16, IEEE binary16) bytes: the vector
 *   ..   zero padding to a multiple of 4 bytes
 *   R-4  int32  CRC32C of bytes [0, R-4) of the record
 * </pre>
 *
 * <p><b>{@value #TEXTS_FILE}</b> — a 16-byte header (int32 magic 0x54454842 "BHET", int32 format version,
 * 8 zero bytes), then the UTF-8 texts of records 0, 1, 2 ... back to back.
 *
 * <p><b>{@value #COMMIT_FILE}</b>, {@value #COMMIT_SIZE} bytes — what is committed:
 *
 * <pre>
 *   0  int32 magic 0x43454842 ("BHEC")     4  int32 format version
 *   8  int64 generation (flush count)       16 int64 committed record count
 *   24 int64 committed length of texts.dat  32 int32 CRC32C of the vectors.dat header
 *   36 int32 CRC32C of bytes [0, 36)
 * </pre>
 *
 * <p><b>Flush</b> appends the pending records and texts after the committed lengths, forces both files to
 * disk, then writes {@value #COMMIT_TEMP}, forces it and renames it atomically over {@value #COMMIT_FILE}
 * (and forces the directory). A crash before the rename leaves the old commit, and bytes past the committed
 * lengths are ignored and truncated on the next open; so a crash loses at most the unflushed tail and never
 * exposes a torn record.
 *
 * <p><b>Open</b> checks the commit file, the header (magic, version, checksum, and the metadata against the
 * requested one, naming the differing fields), the committed lengths, and every record's and text's CRC32C
 * while it rebuilds the in-memory key index ({@link LongIntHashTable} from key to record number). A record
 * that fails verification is reported as {@link StoreCorruptedException}, never returned.
 *
 * <p>Reads ({@link StoreOptions#reads()}): {@code resident} (the default) copies the committed records into
 * direct buffers of at most {@value #RESIDENT_CHUNK_BYTES} bytes at open and appends each flush's records (read
 * back from the file after they are forced to disk), so a gather touches only process memory; a byte flipped in
 * the file while the store is open is then found by the next open. {@code mapped} maps the committed region
 * read-only in mappings of at most 1 GiB holding whole records (files beyond 2 GiB work); reads then share the
 * page cache and see such a flip, so mapped reads verify the record's CRC32C and key on every read; resident
 * records are verified once, when they are read in, and their key is checked on every read. One process at a
 * time: an OS file lock on vectors.dat is held while open. Thread-safety as in {@link AbstractBehaviorStore}.
 */
final class FileBehaviorStore extends AbstractBehaviorStore {

  static final String VECTORS_FILE = "vectors.dat";
  static final String TEXTS_FILE = "texts.dat";
  static final String COMMIT_FILE = "commit.dat";
  static final String COMMIT_TEMP = "commit.tmp";
  static final int VECTORS_MAGIC = 0x56454842;
  static final int TEXTS_MAGIC = 0x54454842;
  static final int COMMIT_MAGIC = 0x43454842;
  static final int FORMAT_VERSION = 1;
  static final int HEADER_SIZE = 4096;
  static final int TEXTS_HEADER_SIZE = 16;
  static final int COMMIT_SIZE = 40;
  static final int RECORD_PREFIX = 24;
  private static final int MAX_MAP_BYTES = 1 << 30;
  static final int RESIDENT_CHUNK_BYTES = 64 << 20;
  private static final int WRITE_BLOCK_RECORDS = 2048;
  private static final Logger LOG = LoggerFactory.getLogger(FileBehaviorStore.class);

  private final Path dir;
  private final Path vectorsPath;
  private final Path textsPath;
  private final Path commitPath;
  private final FileChannels channels;
  private final FileChannel vectors;
  private final FileChannel texts;
  private final FileLock fileLock;
  private final int recordSize;
  private final boolean resident;
  private final int rowsPerChunk;
  private final int headerCrc;

  // committed state, guarded by lock
  private final LongIntHashTable index;
  private ByteBuffer[] maps = new ByteBuffer[0];
  private FloatBuffer[] floatMaps = new FloatBuffer[0];
  private int count;
  private long textsLength;
  private long generation;

  FileBehaviorStore(Path dir, StoreMetadata requested, boolean resident) {
    this(dir, requested, resident, resident ? RESIDENT_CHUNK_BYTES : MAX_MAP_BYTES);
  }

  /** As above, with chunks of at most {@code maxChunkBytes} (tests use small ones to exercise many). */
  FileBehaviorStore(Path dir, StoreMetadata requested, boolean resident, int maxChunkBytes) {
    this(dir, requested, resident, maxChunkBytes, FileChannels.DEFAULT);
  }

  /** As above, writing through channels from {@code channels} (tests pass ones that fail like a full disk). */
  FileBehaviorStore(Path dir, StoreMetadata requested, boolean resident, int maxChunkBytes,
      FileChannels channels) {
    super("file store " + dir, requested);
    this.channels = channels;
    this.dir = dir;
    this.vectorsPath = dir.resolve(VECTORS_FILE);
    this.textsPath = dir.resolve(TEXTS_FILE);
    this.commitPath = dir.resolve(COMMIT_FILE);
    this.recordSize = recordSize(dimension, float16);
    this.resident = resident;
    this.rowsPerChunk = Math.max(1, Math.min(maxChunkBytes, MAX_MAP_BYTES) / recordSize);
    FileChannel v = null;
    FileChannel t = null;
    FileLock l = null;
    try {
      Files.createDirectories(dir);
      v = channels.open(vectorsPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      l = lockOrFail(v);
      t = channels.open(textsPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      if (!Files.exists(commitPath)) {
        if (v.size() > HEADER_SIZE || t.size() > TEXTS_HEADER_SIZE) {
          throw new StoreCorruptedException(commitPath + " is missing but " + vectorsPath + " holds "
              + v.size() + " bytes: the store's commit was lost");
        }
        create(v, t, requested);
      }
      this.vectors = v;
      this.texts = t;
      this.fileLock = l;
      this.headerCrc = checkHeader(requested);
      this.index = new LongIntHashTable(1024);
      recover();
    } catch (IOException e) {
      closeQuietly(l, t, v);
      throw new StoreException("cannot open file store " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(l, t, v);
      throw e;
    }
  }

  static int recordSize(int dimension, boolean float16) {
    long bytes = RECORD_PREFIX + (long) dimension * (float16 ? 2 : 4);
    bytes = (bytes + 3) & ~3L;
    bytes += 4;
    if (bytes > MAX_MAP_BYTES) {
      throw new IllegalArgumentException("dimension " + dimension + " is too large for the file store");
    }
    return (int) bytes;
  }

  private FileLock lockOrFail(FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new StoreException("file store " + dir + " is already open (lock on " + vectorsPath + " is held)");
    }
    return lock;
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception ignored) {
          // already failing
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- creation

  private void create(FileChannel v, FileChannel t, StoreMetadata requested) throws IOException {
    ByteBuffer header = header(requested);
    v.truncate(0);
    writeFully(v, header, 0);
    ByteBuffer textsHeader = ByteBuffer.allocate(TEXTS_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    textsHeader.putInt(TEXTS_MAGIC).putInt(FORMAT_VERSION).putLong(0L).flip();
    t.truncate(0);
    writeFully(t, textsHeader, 0);
    v.force(true);
    t.force(true);
    writeCommit(0L, 0, TEXTS_HEADER_SIZE, crc(header.array(), 0, HEADER_SIZE - 4));
    LOG.info("created file store {} ({}, d={})", dir, requested.dtype(), dimension);
  }

  private ByteBuffer header(StoreMetadata m) {
    byte[] meta = MetadataCodec.toBytes(m);
    if (meta.length > HEADER_SIZE - 28) {
      throw new IllegalArgumentException("store metadata too long for the file header: " + meta.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(VECTORS_MAGIC).putInt(FORMAT_VERSION).putInt(dimension).putInt(float16 ? 1 : 0)
        .putInt(recordSize).putInt(meta.length).put(meta);
    b.putInt(HEADER_SIZE - 4, crc(b.array(), 0, HEADER_SIZE - 4));
    b.clear();
    return b;
  }

  // ---------------------------------------------------------------------------------------------- opening

  /** Verifies the header of vectors.dat and compares its metadata; returns the header's CRC32C. */
  private int checkHeader(StoreMetadata requested) throws IOException {
    if (vectors.size() < HEADER_SIZE) {
      throw corrupted(vectorsPath, "is " + vectors.size() + " bytes, shorter than its " + HEADER_SIZE
          + "-byte header");
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    readFully(vectors, b, 0);
    if (b.getInt(0) != VECTORS_MAGIC) {
      throw corrupted(vectorsPath, String.format("has magic %08x, expected %08x: not a behaviour store file",
          b.getInt(0), VECTORS_MAGIC));
    }
    int crc = crc(b.array(), 0, HEADER_SIZE - 4);
    if (crc != b.getInt(HEADER_SIZE - 4)) {
      throw corrupted(vectorsPath, "header failed its CRC32C check");
    }
    int version = b.getInt(4);
    if (version != FORMAT_VERSION) {
      throw corrupted(vectorsPath, "has format version " + version + ", this code reads version "
          + FORMAT_VERSION);
    }
    int metaLength = b.getInt(20);
    if (metaLength < 0 || metaLength > HEADER_SIZE - 28) {
      throw corrupted(vectorsPath, "header has an invalid metadata length " + metaLength);
    }
    byte[] meta = Arrays.copyOfRange(b.array(), 24, 24 + metaLength);
    StoreMetadata stored = MetadataCodec.fromBytes(meta, vectorsPath.toString());
    List<String> differences = stored.differences(requested);
    if (!differences.isEmpty()) {
      throw new MetadataMismatchException(dir.toString(), differences);
    }
    if (b.getInt(8) != dimension || b.getInt(12) != (float16 ? 1 : 0) || b.getInt(16) != recordSize) {
      throw corrupted(vectorsPath, "header fields (d=" + b.getInt(8) + ", dtype code " + b.getInt(12)
          + ", record size " + b.getInt(16) + ") disagree with its metadata");
    }
    return crc;
  }

  /** Reads the commit, truncates any unflushed tail, verifies every committed record and builds the index. */
  private void recover() throws IOException {
    ByteBuffer c = ByteBuffer.allocate(COMMIT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(commitPath, StandardOpenOption.READ)) {
      if (ch.size() != COMMIT_SIZE) {
        throw corrupted(commitPath, "is " + ch.size() + " bytes, expected " + COMMIT_SIZE);
      }
      readFully(ch, c, 0);
    }
    if (c.getInt(0) != COMMIT_MAGIC || crc(c.array(), 0, COMMIT_SIZE - 4) != c.getInt(COMMIT_SIZE - 4)) {
      throw corrupted(commitPath, "failed its magic or CRC32C check");
    }
    if (c.getInt(4) != FORMAT_VERSION) {
      throw corrupted(commitPath, "has format version " + c.getInt(4) + ", expected " + FORMAT_VERSION);
    }
    long gen = c.getLong(8);
    long committed = c.getLong(16);
    long committedTexts = c.getLong(24);
    if (c.getInt(32) != headerCrc) {
      throw corrupted(commitPath, "does not belong to " + vectorsPath + " (header checksum differs)");
    }
    if (committed < 0 || committed > Integer.MAX_VALUE - 1 || committedTexts < TEXTS_HEADER_SIZE) {
      throw corrupted(commitPath, "has invalid counts: " + committed + " records, " + committedTexts
          + " text bytes");
    }
    long vectorsLength = HEADER_SIZE + committed * recordSize;
    checkLength(vectors, vectorsPath, vectorsLength);
    checkLength(texts, textsPath, committedTexts);
    ByteBuffer th = ByteBuffer.allocate(TEXTS_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    readFully(texts, th, 0);
    if (th.getInt(0) != TEXTS_MAGIC || th.getInt(4) != FORMAT_VERSION) {
      throw corrupted(textsPath, "has a bad header (magic or version)");
    }
    ByteBuffer[] m = chunks(new ByteBuffer[0], 0, (int) committed);
    verifyAndIndex(m, (int) committed, committedTexts);
    this.maps = m;
    this.floatMaps = floatViews(m, new FloatBuffer[0], new ByteBuffer[0]);
    this.count = (int) committed;
    this.textsLength = committedTexts;
    this.generation = gen;
    LOG.debug("opened file store {}: {} records, generation {}", dir, count, gen);
  }

  private void checkLength(FileChannel ch, Path path, long committedLength) throws IOException {
    long size = ch.size();
    if (size < committedLength) {
      throw corrupted(path, "is " + size + " bytes, shorter than the " + committedLength + " bytes committed");
    }
    if (size > committedLength) {
      LOG.info("{}: discarding {} unflushed bytes past the last commit", path, size - committedLength);
      ch.truncate(committedLength);
      ch.force(true);
    }
  }

  private void verifyAndIndex(ByteBuffer[] m, int n, long committedTexts) throws IOException {
    CRC32C crc = new CRC32C();
    long expectedTextOffset = TEXTS_HEADER_SIZE;
    byte[] text = new byte[256];
    // not closed: closing a channel stream would close the store's channel
    InputStream in = new BufferedInputStream(Channels.newInputStream(texts.position(TEXTS_HEADER_SIZE)), 1 << 20);
    {
      for (int row = 0; row < n; row++) {
        ByteBuffer b = m[row / rowsPerChunk];
        int off = (row % rowsPerChunk) * recordSize;
        crc.reset();
        crc.update(b.slice(off, recordSize - 4));
        if ((int) crc.getValue() != b.getInt(off + recordSize - 4)) {
          throw recordCorrupted(row);
        }
        long key = b.getLong(off);
        long textOffset = b.getLong(off + 8);
        int textLength = b.getInt(off + 16);
        if (key == 0L || textOffset != expectedTextOffset || textLength < 0
            || textOffset + textLength > committedTexts) {
          throw corrupted(vectorsPath, "record " + row + " has an invalid key or text reference");
        }
        if (text.length < textLength) {
          text = new byte[Math.max(textLength, text.length * 2)];
        }
        if (in.readNBytes(text, 0, textLength) != textLength) {
          throw corrupted(textsPath, "ends inside the text of record " + row);
        }
        crc.reset();
        crc.update(text, 0, textLength);
        if ((int) crc.getValue() != b.getInt(off + 20)) {
          throw corrupted(textsPath, "text of record " + row + " at byte " + textOffset
              + " failed its CRC32C check");
        }
        expectedTextOffset += textLength;
        if (index.put(key, row) >= 0) {
          throw corrupted(vectorsPath, String.format("key %016x appears twice (record %d)", key, row));
        }
      }
    }
    if (expectedTextOffset != committedTexts) {
      throw corrupted(textsPath, "committed length " + committedTexts + " disagrees with the records' texts ("
          + expectedTextOffset + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------- mapping

  /**
   * The chunks holding the first {@code n} records, given {@code old} holding the first {@code oldCount}: new
   * resident chunks are allocated whole and records {@code [oldCount, n)} read into them from the file (rows a
   * reader may see are never written); mappings are reused when complete and made anew otherwise.
   */
  private ByteBuffer[] chunks(ByteBuffer[] old, int oldCount, int n) throws IOException {
    return resident ? residentChunks(old, oldCount, n) : mapRecords(old, n);
  }

  private ByteBuffer[] residentChunks(ByteBuffer[] old, int oldCount, int n) throws IOException {
    int chunks = (int) ((n + (long) rowsPerChunk - 1) / rowsPerChunk);
    ByteBuffer[] m = Arrays.copyOf(old, Math.max(chunks, old.length));
    for (int c = old.length; c < chunks; c++) {
      m[c] = ByteBuffer.allocateDirect(rowsPerChunk * recordSize).order(ByteOrder.LITTLE_ENDIAN);
    }
    for (int row = oldCount; row < n; ) {
      int inChunk = row % rowsPerChunk;
      int rows = Math.min(n - row, rowsPerChunk - inChunk);
      ByteBuffer target = m[row / rowsPerChunk].duplicate();
      target.limit((inChunk + rows) * recordSize).position(inChunk * recordSize);
      readFully(vectors, target, HEADER_SIZE + (long) row * recordSize);
      row += rows;
    }
    return m;
  }

  private ByteBuffer[] mapRecords(ByteBuffer[] old, int n) throws IOException {
    int chunks = (int) ((n + (long) rowsPerChunk - 1) / rowsPerChunk);
    ByteBuffer[] m = Arrays.copyOf(old, chunks);
    for (int c = 0; c < chunks; c++) {
      long rows = Math.min(rowsPerChunk, n - (long) c * rowsPerChunk);
      long bytes = rows * recordSize;
      if (c < old.length && old[c].capacity() == bytes) {
        continue;
      }
      long position = HEADER_SIZE + (long) c * rowsPerChunk * recordSize;
      m[c] = vectors.map(FileChannel.MapMode.READ_ONLY, position, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    return m;
  }

  private static FloatBuffer[] floatViews(ByteBuffer[] m, FloatBuffer[] oldViews, ByteBuffer[] oldMaps) {
    FloatBuffer[] f = new FloatBuffer[m.length];
    for (int c = 0; c < m.length; c++) {
      f[c] = c < oldMaps.length && oldMaps[c] == m[c] ? oldViews[c] : m[c].asFloatBuffer();
    }
    return f;
  }

  // ---------------------------------------------------------------------------------------------- reads

  @Override
  public long size() {
    long stamp = lock.readLock();
    try {
      return count;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public boolean contains(long key) {
    ensureOpen();
    long stamp = lock.readLock();
    try {
      return index.get(key) >= 0;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public GatherResult gather(long[] keys, float[] out, int offset) {
    checkGather(keys, out, offset);
    int d = dimension;
    Missing missing = new Missing();
    CRC32C crc = new CRC32C();
    int[] rows = new int[keys.length];
    long stamp = lock.readLock();
    try {
      ensureOpen();
      // two passes: the independent hash probes overlap their cache misses, then the records are read
      for (int i = 0; i < keys.length; i++) {
        rows[i] = index.get(keys[i]);
      }
      for (int i = 0; i < keys.length; i++) {
        int row = rows[i];
        int dst = offset + i * d;
        if (row < 0) {
          Arrays.fill(out, dst, dst + d, 0f);
          missing.add(i);
          continue;
        }
        int c = row / rowsPerChunk;
        ByteBuffer b = maps[c];
        int off = verifiedRecord(b, row, keys[i], crc);
        if (float16) {
          int p = off + RECORD_PREFIX;
          for (int j = 0; j < d; j++) {
            out[dst + j] = Float16.toFloat(b.getShort(p + 2 * j));
          }
        } else {
          floatMaps[c].get((off + RECORD_PREFIX) >> 2, out, dst, d);
        }
      }
    } finally {
      lock.unlockRead(stamp);
    }
    return missing.result(keys.length);
  }

  /** Checks record {@code row}'s key (and, when mapped, its CRC32C); returns its offset within its chunk. */
  private int verifiedRecord(ByteBuffer b, int row, long key, CRC32C crc) {
    int off = (row % rowsPerChunk) * recordSize;
    if (resident) {
      // verified when it was read in; process memory does not change under the store
      if (b.getLong(off) != key) {
        throw recordCorrupted(row);
      }
      return off;
    }
    crc.reset();
    crc.update(b.slice(off, recordSize - 4));
    if ((int) crc.getValue() != b.getInt(off + recordSize - 4) || b.getLong(off) != key) {
      throw recordCorrupted(row);
    }
    return off;
  }

  @Override
  public Optional<String> text(long key) {
    ensureOpen();
    long stamp = lock.readLock();
    try {
      ensureOpen();
      int row = index.get(key);
      if (row < 0) {
        return Optional.empty();
      }
      ByteBuffer b = maps[row / rowsPerChunk];
      int off = verifiedRecord(b, row, key, new CRC32C());
      long textOffset = b.getLong(off + 8);
      int textLength = b.getInt(off + 16);
      ByteBuffer text = ByteBuffer.allocate(textLength);
      readFully(texts, text, textOffset);
      if (crc(text.array(), 0, textLength) != b.getInt(off + 20)) {
        throw corrupted(textsPath, "text of record " + row + " at byte " + textOffset
            + " failed its CRC32C check");
      }
      return Optional.of(new String(text.array(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StoreException("cannot read " + textsPath + ": " + e, e);
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
      keys = new long[count];
      int[] n = {0};
      index.forEachKey(k -> keys[n[0]++] = k);
    } finally {
      lock.unlockRead(stamp);
    }
    for (long k : keys) {
      action.accept(k);
    }
  }

  // ---------------------------------------------------------------------------------------------- writes

  @Override
  protected void doFlush(PendingWrites writes) {
    int n = writes.size();
    if (n == 0) {
      return;
    }
    if ((long) count + n > Integer.MAX_VALUE - 1) {
      throw new IllegalStateException(description + " is full: " + count + " records");
    }
    int d = dimension;
    long vectorsPosition = HEADER_SIZE + (long) count * recordSize;
    long textsPosition = textsLength;
    CRC32C crc = new CRC32C();
    ByteBuffer records = ByteBuffer.allocate(Math.min(n, WRITE_BLOCK_RECORDS) * recordSize)
        .order(ByteOrder.LITTLE_ENDIAN);
    byte[][] textBytes = new byte[WRITE_BLOCK_RECORDS][];
    try {
      for (int start = 0; start < n; start += WRITE_BLOCK_RECORDS) {
        int end = Math.min(n, start + WRITE_BLOCK_RECORDS);
        records.clear();
        int blockTextBytes = 0;
        for (int i = start; i < end; i++) {
          byte[] t = writes.text(i).getBytes(StandardCharsets.UTF_8);
          textBytes[i - start] = t;
          int recordStart = records.position();
          records.putLong(writes.key(i)).putLong(textsPosition + blockTextBytes).putInt(t.length)
              .putInt(crc(t, 0, t.length));
          float[] v = writes.vectors();
          int o = writes.offset(i);
          for (int j = 0; j < d; j++) {
            if (float16) {
              records.putShort(Float16.fromFloat(v[o + j]));
            } else {
              records.putFloat(v[o + j]);
            }
          }
          while (records.position() < recordStart + recordSize - 4) {
            records.put((byte) 0);
          }
          records.putInt(crc(records.array(), recordStart, recordSize - 4));
          blockTextBytes += t.length;
        }
        ByteBuffer textBlock = ByteBuffer.allocate(blockTextBytes);
        for (int i = start; i < end; i++) {
          textBlock.put(textBytes[i - start]);
        }
        textBlock.flip();
        writeFully(texts, textBlock, textsPosition);
        records.flip();
        writeFully(vectors, records, vectorsPosition);
        textsPosition += blockTextBytes;
        vectorsPosition += (long) (end - start) * recordSize;
      }
      texts.force(true);
      vectors.force(true);
      int newCount = count + n;
      // read or map before committing: if that fails, nothing is committed and a retry rewrites the same bytes
      ByteBuffer[] newMaps = chunks(maps, count, newCount);
      FloatBuffer[] newViews = floatViews(newMaps, floatMaps, maps);
      writeCommit(generation + 1, newCount, textsPosition, headerCrc);
      long stamp = lock.writeLock();
      try {
        maps = newMaps;
        floatMaps = newViews;
        for (int i = 0; i < n; i++) {
          index.put(writes.key(i), count + i);
        }
        count = newCount;
        textsLength = textsPosition;
        generation++;
      } finally {
        lock.unlockWrite(stamp);
      }
    } catch (IOException e) {
      throw new StoreException("flush of " + n + " records to " + dir + " failed (nothing committed): " + e, e);
    }
  }

  private void writeCommit(long gen, long records, long textsBytes, int vectorsHeaderCrc) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(COMMIT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(COMMIT_MAGIC).putInt(FORMAT_VERSION).putLong(gen).putLong(records).putLong(textsBytes)
        .putInt(vectorsHeaderCrc);
    b.putInt(crc(b.array(), 0, COMMIT_SIZE - 4));
    b.flip();
    Path temp = dir.resolve(COMMIT_TEMP);
    try (FileChannel ch = channels.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, b, 0);
      ch.force(true);
    }
    try {
      Files.move(temp, commitPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new StoreException("file store " + dir + " needs a file system with atomic rename", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("cannot force directory {} ({}); the rename is durable once the OS flushes it", dir, e.toString());
    }
  }

  @Override
  protected void doClose() {
    maps = new ByteBuffer[0];
    floatMaps = new FloatBuffer[0];
    closeQuietly(fileLock, texts, vectors);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private StoreCorruptedException recordCorrupted(int row) {
    return corrupted(vectorsPath, "record " + row + " at byte " + (HEADER_SIZE + (long) row * recordSize)
        + " failed its CRC32C or key check");
  }

  private static StoreCorruptedException corrupted(Path file, String what) {
    return new StoreCorruptedException(file + " " + what + ": the behaviour store is corrupted");
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      int r = ch.read(b, p);
      if (r < 0) {
        throw new java.io.EOFException("end of file at byte " + p);
      }
      p += r;
    }
  }
}
