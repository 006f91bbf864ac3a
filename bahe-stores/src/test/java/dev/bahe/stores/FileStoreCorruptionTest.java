package dev.bahe.stores;

import static dev.bahe.stores.StoreTestSupport.key;
import static dev.bahe.stores.StoreTestSupport.metadata;
import static dev.bahe.stores.StoreTestSupport.text;
import static dev.bahe.stores.StoreTestSupport.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bahe.api.config.StoreOptions;
import dev.bahe.api.store.BehaviorStore;
import dev.bahe.api.store.StoreCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flipped, truncated or missing bytes in a file store are reported, never read as a vector. */
class FileStoreCorruptionTest {

  static final int D = 16;
  static final int N = 20;

  @TempDir Path tempDir;
  Path dir;
  int recordSize;

  @BeforeEach
  void writeStore() {
    dir = tempDir.resolve("store");
    recordSize = FileBehaviorStore.recordSize(D, false);
    try (BehaviorStore store = open()) {
      for (int i = 0; i < N; i++) {
        store.put(key(i), text(i), vector(i, D));
      }
      store.flush();
    }
  }

  BehaviorStore open() {
    return open(StoreOptions.RESIDENT);
  }

  BehaviorStore open(String reads) {
    return StoreTestSupport.factories().get("file")
        .open(new StoreOptions("file", dir.toString(), "float32", reads), metadata(D, "float32"));
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  long recordStart(int row) {
    return FileBehaviorStore.HEADER_SIZE + (long) row * recordSize;
  }

  static void flip(Path file, long position) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0x10));
      b.rewind();
      ch.write(b, position);
    }
  }

  @ParameterizedTest(name = "byte {0} of record 7")
  @ValueSource(ints = {0, 9, 17, 21, 24 + 5, 24 + 4 * D - 1, 24 + 4 * D + 2})
  void aFlippedRecordByteFailsTheOpen(int byteInRecord) throws IOException {
    flip(file(FileBehaviorStore.VECTORS_FILE), recordStart(7) + byteInRecord);
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(file(FileBehaviorStore.VECTORS_FILE).toString())
        .hasMessageContaining("record 7");
  }

  @Test
  void aFlippedHeaderByteFailsTheOpen() throws IOException {
    flip(file(FileBehaviorStore.VECTORS_FILE), 40); // inside the stored metadata
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(FileBehaviorStore.VECTORS_FILE).hasMessageContaining("header");
  }

  @Test
  void aFlippedTextByteFailsTheOpen() throws IOException {
    flip(file(FileBehaviorStore.TEXTS_FILE), FileBehaviorStore.TEXTS_HEADER_SIZE + 30);
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(file(FileBehaviorStore.TEXTS_FILE).toString());
  }

  @Test
  void aFlippedCommitByteFailsTheOpen() throws IOException {
    flip(file(FileBehaviorStore.COMMIT_FILE), 17);
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(FileBehaviorStore.COMMIT_FILE);
  }

  @Test
  void aTruncatedDataFileFailsTheOpen() throws IOException {
    try (FileChannel ch = FileChannel.open(file(FileBehaviorStore.VECTORS_FILE), StandardOpenOption.WRITE)) {
      ch.truncate(recordStart(N - 1) + 10);
    }
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(FileBehaviorStore.VECTORS_FILE).hasMessageContaining("shorter");
  }

  @Test
  void aLostCommitFileFailsTheOpenInsteadOfRecreating() throws IOException {
    Files.delete(file(FileBehaviorStore.COMMIT_FILE));
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(FileBehaviorStore.COMMIT_FILE);
  }

  @Test
  void bytesPastTheCommitAreAnUnflushedTailAndDropped() throws IOException {
    long vectorsSize = Files.size(file(FileBehaviorStore.VECTORS_FILE));
    long textsSize = Files.size(file(FileBehaviorStore.TEXTS_FILE));
    Files.write(file(FileBehaviorStore.VECTORS_FILE), new byte[recordSize + 7], StandardOpenOption.APPEND);
    Files.write(file(FileBehaviorStore.TEXTS_FILE), new byte[13], StandardOpenOption.APPEND);
    try (BehaviorStore store = open()) {
      assertThat(store.size()).isEqualTo(N);
      assertThat(store.get(key(N - 1))).hasValueSatisfying(v -> assertThat(v).containsExactly(vector(N - 1, D)));
    }
    assertThat(Files.size(file(FileBehaviorStore.VECTORS_FILE))).isEqualTo(vectorsSize);
    assertThat(Files.size(file(FileBehaviorStore.TEXTS_FILE))).isEqualTo(textsSize);
  }

  @Test
  void aByteFlippedWhileOpenFailsTheMappedReadNotTheResult() throws IOException {
    try (BehaviorStore store = open(StoreOptions.MAPPED)) {
      // the mapping shares the page cache, so the open store sees this write
      flip(file(FileBehaviorStore.VECTORS_FILE), recordStart(7) + 24 + 4 * 3);
      float[] out = new float[2 * D];
      assertThatThrownBy(() -> store.gather(new long[] {key(3), key(7)}, out, 0))
          .isInstanceOf(StoreCorruptedException.class)
          .hasMessageContaining(FileBehaviorStore.VECTORS_FILE).hasMessageContaining("record 7");
      assertThatThrownBy(() -> store.get(key(7))).isInstanceOf(StoreCorruptedException.class);
      assertThatThrownBy(() -> store.text(key(7))).isInstanceOf(StoreCorruptedException.class);
      assertThat(store.get(key(3))).hasValueSatisfying(v -> assertThat(v).containsExactly(vector(3, D)));
    }
  }

  @Test
  void aByteFlippedWhileOpenLeavesResidentReadsVerifiedAndFailsTheNextOpen() throws IOException {
    try (BehaviorStore store = open(StoreOptions.RESIDENT)) {
      // resident records were verified when they were read in; the file is not read again while open
      flip(file(FileBehaviorStore.VECTORS_FILE), recordStart(7) + 24 + 4 * 3);
      assertThat(store.get(key(7))).hasValueSatisfying(v -> assertThat(v).containsExactly(vector(7, D)));
    }
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(FileBehaviorStore.VECTORS_FILE).hasMessageContaining("record 7");
  }
}
