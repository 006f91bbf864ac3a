package dev.bahe.api.config;

import java.util.Objects;

/**
 * The behaviour store holding the ABE table.
 *
 * @param name registry name ({@code "memory"}, {@code "file"}, {@code "lucene"})
 * @param path directory of the store on disk; ignored by {@code memory}
 * @param dtype storage type of vector components: {@code "float32"} or {@code "float16"}
 */
public record StoreOptions(String name, String path, String dtype) {

  public StoreOptions {
    Objects.requireNonNull(name, "name");
    path = path == null ? "" : path;
    dtype = dtype == null ? "float32" : dtype;
    if (!dtype.equals("float32") && !dtype.equals("float16")) {
      throw new IllegalArgumentException("store.dtype must be float32 or float16, was " + dtype);
    }
  }
}
