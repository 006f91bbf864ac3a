package dev.bahe.stores;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real {@link FileChannel} on a {@link DiskBudget}: reads, maps and locks go to the file; writes take room
 * from the budget first, so a write that does not fit writes the part that does and then fails with ENOSPC,
 * as a full disk does.
 */
final class BudgetedFileChannel extends FileChannel {

  private final FileChannel file;
  private final DiskBudget disk;

  BudgetedFileChannel(FileChannel file, DiskBudget disk) {
    this.file = file;
    this.disk = disk;
  }

  /** Channels for a {@link FileBehaviorStore} whose disk is {@code disk}. */
  static FileChannels on(DiskBudget disk) {
    return (path, options) -> new BudgetedFileChannel(FileChannel.open(path, options), disk);
  }

  private ByteBuffer fitting(ByteBuffer src) throws IOException {
    long room = disk.room(src.remaining());
    if (room == 0 && src.hasRemaining()) {
      disk.write(src.remaining()); // throws
    }
    ByteBuffer part = src.duplicate();
    part.limit(part.position() + (int) room);
    return part;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    ByteBuffer part = fitting(src);
    int n = file.write(part, position);
    disk.write(n);
    src.position(src.position() + n);
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ByteBuffer part = fitting(src);
    int n = file.write(part);
    disk.write(n);
    src.position(src.position() + n);
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += write(srcs[i]);
    }
    return n;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    disk.sync();
    file.force(metaData);
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    file.truncate(size);
    return this;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return file.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return file.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return file.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw new UnsupportedOperationException("transferFrom bypasses the disk budget");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    if (mode != MapMode.READ_ONLY) {
      throw new UnsupportedOperationException("writable maps bypass the disk budget");
    }
    return file.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
