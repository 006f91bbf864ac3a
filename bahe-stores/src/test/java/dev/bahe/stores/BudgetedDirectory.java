package dev.bahe.stores;

import java.io.IOException;
import java.util.Collection;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A Lucene {@link Directory} on a {@link DiskBudget}: every output takes room from the budget before it writes,
 * and a sync fails once the disk is full, as on a real full disk (ENOSPC).
 */
final class BudgetedDirectory extends FilterDirectory {

  private final DiskBudget disk;

  BudgetedDirectory(Directory in, DiskBudget disk) {
    super(in);
    this.disk = disk;
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    return new BudgetedOutput(in.createOutput(name, context), disk);
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
    return new BudgetedOutput(in.createTempOutput(prefix, suffix, context), disk);
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    disk.sync();
    in.sync(names);
  }

  @Override
  public void syncMetaData() throws IOException {
    disk.sync();
    in.syncMetaData();
  }

  private static final class BudgetedOutput extends IndexOutput {
    private final IndexOutput out;
    private final DiskBudget disk;

    BudgetedOutput(IndexOutput out, DiskBudget disk) {
      super("budgeted(" + out + ")", out.getName());
      this.out = out;
      this.disk = disk;
    }

    @Override
    public void writeByte(byte b) throws IOException {
      disk.write(1);
      out.writeByte(b);
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) throws IOException {
      int fits = (int) disk.room(length);
      if (fits > 0) {
        disk.write(fits);
        out.writeBytes(b, offset, fits);
      }
      if (fits < length) {
        disk.write(length - fits); // throws
      }
    }

    @Override
    public long getFilePointer() {
      return out.getFilePointer();
    }

    @Override
    public long getChecksum() throws IOException {
      return out.getChecksum();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
