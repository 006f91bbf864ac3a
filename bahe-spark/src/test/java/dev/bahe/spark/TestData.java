package dev.bahe.spark;

import dev.bahe.api.data.Dataset;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Writes test datasets in the canonical layout that the Spark jobs and the single-machine loaders both read. */
public final class TestData {

  private TestData() {}

  /**
   * Writes {@code dataset} as TSV into {@code dir} with the behaviour rows in a seeded random order, so that
   * behaviours at equal times appear in an order the in-memory history did not have: both readers must then
   * break the tie by file order.
   */
  public static Path writeShuffledTsv(Dataset dataset, Path dir, long seed) {
    TabularDatasetWriter.write(dataset, dir, TabularFormat.TSV);
    Path behaviors = TabularFormat.TSV.behaviorsFile(dir);
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(behaviors, StandardCharsets.UTF_8));
      String header = lines.remove(0);
      Collections.shuffle(lines, new Random(seed));
      lines.add(0, header);
      Files.write(behaviors, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
