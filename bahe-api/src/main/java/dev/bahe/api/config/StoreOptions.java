package dev.bahe.api.config;

import java.util.Objects;

/**
 * The behaviour store holding the ABE table.
 *
 * @param name registry name ({@code "memory"}, {@code "file"}, {@code "lucene"})
 * @param path directory of the store on disk; ignored by {@code memory}
 * @param dtype storage type of vector components: {@code "float32"} or {@code "float16"}
 * @param reads how the {@code file} store serves reads: {@value #RESIDENT} (the default) copies the verified
 *     records into process memory at open and on each flush, so a gather never touches the page cache;
 *     {@value #MAPPED} reads through a memory mapping of the data file, for tables larger than the memory one
 *     wants to spend (random reads through a file mapping can be several times slower, e.g. on virtual machines)
 */
public record StoreOptions(String name, String path, String dtype, String reads) {

  /** Records copied into process memory. */
  public static final String RESIDENT = "resident";
  /** Records read through a memory mapping of the data file. */
  public static final String MAPPED = "mapped";

  public StoreOptions {
    Objects.requireNonNull(name, "name");
    path = path == null ? "" : path;
    dtype = dtype == null ? "float32" : dtype;
    reads = reads == null ? RESIDENT : reads;
    if (!dtype.equals("float32") && !dtype.equals("float16")) {
      throw new IllegalArgumentException("store.dtype must be float32 or float16, was " + dtype);
    }
    if (!reads.equals(RESIDENT) && !reads.equals(MAPPED)) {
      throw new IllegalArgumentException("store.reads must be " + RESIDENT + " or " + MAPPED + ", was " + reads);
    }
  }

  /** Options with {@value #RESIDENT} reads. */
  public StoreOptions(String name, String path, String dtype) {
    this(name, path, dtype, RESIDENT);
  }
}
