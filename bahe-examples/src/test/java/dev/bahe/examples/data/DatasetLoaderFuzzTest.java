package dev.bahe.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Throws seeded, mutated TSV and JSON Lines datasets at {@link TabularDatasetLoader}: truncated lines and files,
 * random bytes, invalid UTF-8, huge fields, tabs in text, duplicate ids, glued and duplicated lines,
 * non-monotone, negative and out-of-range timestamps, labels outside 0/1, missing fields and whitespace-only
 * lines. Every case must end in one of three ways, each checked:
 *
 * <ul>
 *   <li>{@code accepted}: the strict load succeeds and every data line became an item, behaviour or impression;
 *   <li>{@code skipped}: the strict load fails with a {@link DataFormatException} naming file, line and field,
 *       and the load with {@code skipBadRows} accounts for every data line as loaded or skipped-and-counted;
 *   <li>{@code rejected}: the error is fatal even with {@code skipBadRows} (a damaged header, an empty file) and
 *       names the file and line.
 * </ul>
 *
 * Never another exception, a message-less one, a hang or a row that vanished without being counted. The counts
 * by outcome are written to {@code target/reliability/fuzz-datasets.json}.
 */
class DatasetLoaderFuzzTest {

  static final Path FIGURES = Path.of("target", "reliability", "fuzz-datasets.json");
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);
  private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentSkipListMap<>();
  private static final Map<Mutation.Kind, AtomicLong> KINDS = new EnumMap<>(Mutation.Kind.class);
  private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzz-load");
    t.setDaemon(true);
    return t;
  });

  enum FileKind {
    ITEMS("items", List.of("item_id", "text")),
    BEHAVIORS("behaviors", List.of("user_id", "type", "timestamp", "text")),
    IMPRESSIONS("impressions", List.of("user_id", "item_id", "timestamp", "label"));

    final String base;
    final List<String> fields;

    FileKind(String base, List<String> fields) {
      this.base = base;
      this.fields = fields;
    }
  }

  /** One mutation: what it does, to which file, and the seed of its random choices (positions, bytes). */
  record Mutation(Kind kind, FileKind file, long seed) {
    enum Kind {
      TRUNCATE_LINE, TRUNCATE_FILE, RANDOM_BYTES, INVALID_UTF8, HUGE_FIELD, TAB_IN_TEXT, DUPLICATE_ID,
      DUPLICATE_LINE, GLUE_LINES, SHUFFLE_LINES, NEGATIVE_TIMESTAMP, OUT_OF_RANGE_TIMESTAMP, BAD_LABEL,
      EMPTY_FIELD, DROP_FIELD, WHITESPACE_LINE, CONTROL_CHARACTERS
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Mutation.Kind.class),
        Arbitraries.of(FileKind.class), Arbitraries.longs()).as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(3);
  }

  @Property(tries = 1200, seed = "1312", shrinking = ShrinkingMode.FULL)
  void everyMutatedDatasetLoadsOrFailsNamingFileLineAndField(@ForAll TabularFormat format,
      @ForAll("mutations") List<Mutation> mutations) throws Exception {
    Path dir = Files.createTempDirectory("bahe-fuzz-");
    try {
      Map<FileKind, List<List<String>>> rows = baseline();
      List<Mutation> byteMutations = new ArrayList<>();
      for (Mutation m : mutations) {
        synchronized (KINDS) {
          KINDS.computeIfAbsent(m.kind(), k -> new AtomicLong()).incrementAndGet();
        }
        if (!applyToRows(m, rows)) {
          byteMutations.add(m);
        }
      }
      Map<FileKind, byte[]> bytes = new EnumMap<>(FileKind.class);
      for (FileKind f : FileKind.values()) {
        bytes.put(f, render(format, f, rows.get(f)));
      }
      for (Mutation m : byteMutations) {
        bytes.put(m.file(), applyToBytes(m, bytes.get(m.file())));
      }
      for (FileKind f : FileKind.values()) {
        Files.write(dir.resolve(f.base + "." + format.extension()), bytes.get(f));
      }
      String outcome = classify(dir, format, bytes);
      if (mutations.size() == 1 && mutations.get(0).kind() == Mutation.Kind.GLUE_LINES) {
        // two rows glued by a lost line break must never load as one row (or as the first alone)
        assertThat(outcome).as("two rows glued onto one line").isNotEqualTo("accepted");
      }
      OUTCOMES.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The loader warns about every load with issues; 2,400 mutated loads would flood the build log. */
  private static final ch.qos.logback.classic.Logger LOADER_LOG =
      (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(TabularDatasetLoader.class);
  private ch.qos.logback.classic.Level loaderLevel;

  @BeforeProperty
  void resetFigures() {
    OUTCOMES.clear();
    synchronized (KINDS) {
      KINDS.clear();
    }
    loaderLevel = LOADER_LOG.getLevel();
    LOADER_LOG.setLevel(ch.qos.logback.classic.Level.ERROR);
  }

  @AfterProperty
  void writeFigures() throws IOException {
    LOADER_LOG.setLevel(loaderLevel);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode outcomes = root.putObject("outcomes");
    long total = 0;
    for (Map.Entry<String, AtomicLong> e : OUTCOMES.entrySet()) {
      outcomes.put(e.getKey(), e.getValue().get());
      total += e.getValue().get();
    }
    root.put("cases", total);
    ObjectNode kinds = root.putObject("mutationsApplied");
    KINDS.forEach((k, v) -> kinds.put(k.name().toLowerCase(java.util.Locale.ROOT), v.get()));
    Files.createDirectories(FIGURES.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(FIGURES.toFile(), root);
    System.out.println("dataset fuzz cases by outcome: " + root);
  }

  // ---------------------------------------------------------------------------------------------------------
  // outcome

  private static String classify(Path dir, TabularFormat format, Map<FileKind, byte[]> bytes) throws Exception {
    long dataLines = 0;
    boolean anyHeaderless = false;
    for (FileKind f : FileKind.values()) {
      long lines = nonBlankLines(bytes.get(f));
      if (format == TabularFormat.TSV) {
        if (lines == 0) {
          anyHeaderless = true;
        }
        lines = Math.max(0, lines - 1); // the header
      }
      dataLines += lines;
    }

    Object strict = loadWithin(dir, format, false);
    if (strict instanceof LoadedDataset loaded) {
      assertThat(loaded.report().skippedTotal()).isZero();
      assertAccountedFor(loaded.report(), dataLines);
      return "accepted";
    }
    DataFormatException strictError = (DataFormatException) strict;
    assertLocated(strictError, dir, format);

    Object skipping = loadWithin(dir, format, true);
    if (skipping instanceof LoadedDataset loaded) {
      assertThat(strictError.skippable()).as("a strict error that skipping got past: %s", strictError).isTrue();
      assertThat(loaded.report().skippedTotal()).as("skipped rows").isPositive();
      assertThat(anyHeaderless).isFalse();
      assertAccountedFor(loaded.report(), dataLines);
      assertThat(loaded.report().skippedExamples())
          .allSatisfy(m -> assertThat(m).matches("(?s).*\\." + format.extension() + ":\\d+: field '.*"));
      return "skipped";
    }
    DataFormatException fatal = (DataFormatException) skipping;
    assertLocated(fatal, dir, format);
    assertThat(fatal.skippable()).as("skip mode stopped at a skippable row: %s", fatal).isFalse();
    return "rejected";
  }

  /** Every data line is an item, a behaviour, an impression (kept, or skipped as unknown item) or a counted skip. */
  private static void assertAccountedFor(LoadReport report, long dataLines) {
    long accounted = report.items() + report.behaviors() + report.impressions() + report.unknownItemImpressions()
        + report.skippedTotal();
    assertThat(accounted).as("rows loaded or counted as skipped (%s)", report.summary()).isEqualTo(dataLines);
  }

  private static void assertLocated(DataFormatException e, Path dir, TabularFormat format) {
    assertThat(e.getMessage()).isNotBlank();
    assertThat(e.detail()).isNotBlank();
    String name = e.file().getFileName().toString();
    assertThat(name).isIn(Arrays.stream(FileKind.values()).map(f -> f.base + "." + format.extension()).toList());
    assertThat(e.getMessage()).startsWith(e.file().toString());
    assertThat(e.line()).as("line of %s", e.getMessage()).isPositive();
    assertThat(e.getMessage()).contains(name + ":" + e.line() + ": ");
    if (e.reason() != null) {
      assertThat(e.field()).as("field of %s", e.getMessage()).isNotBlank();
      assertThat(e.getMessage()).contains("field '" + e.field() + "'");
    }
  }

  /** Loads on a worker thread: returns the dataset or the DataFormatException; anything else fails the case. */
  private static Object loadWithin(Path dir, TabularFormat format, boolean skip) throws Exception {
    Future<Object> f = WORKER.submit(() -> {
      try {
        return TabularDatasetLoader.load(dir, format, skip);
      } catch (DataFormatException e) {
        return e;
      }
    });
    try {
      return f.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail("load did not finish within " + CASE_TIMEOUT + " (skip=" + skip + ")");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      return fail("load crashed with " + cause + " (skip=" + skip + ")", cause);
    }
  }

  /**
   * Lines the loader must account for: everything between LFs except lines that are empty or hold only spaces
   * (after a trailing CR, and a byte-order mark at the start of the file, are removed).
   */
  private static long nonBlankLines(byte[] bytes) {
    long count = 0;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int from = start;
        int to = i;
        if (start == 0 && to - from >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
            && (bytes[2] & 0xFF) == 0xBF) {
          from += 3;
        }
        if (to > from && bytes[to - 1] == '\r') {
          to--;
        }
        boolean blank = true;
        for (int j = from; j < to; j++) {
          if (bytes[j] != ' ') {
            blank = false;
            break;
          }
        }
        if (!blank) {
          count++;
        }
        start = i + 1;
      }
    }
    return count;
  }

  // ---------------------------------------------------------------------------------------------------------
  // the clean dataset and its rendering

  private static Map<FileKind, List<List<String>>> baseline() {
    Map<FileKind, List<List<String>>> rows = new EnumMap<>(FileKind.class);
    rows.put(FileKind.ITEMS, mutable(List.of(
        List.of("i1", "wireless earbuds"),
        List.of("i2", "matcha latte powder — 抹茶"),
        List.of("i3", "Amélie (2001) Comedy|Romance"),
        List.of("i4", "trail running shoes 👟"))));
    rows.put(FileKind.BEHAVIORS, mutable(List.of(
        List.of("u1", "search", "100", "searched: earbuds"),
        List.of("u1", "purchase", "200", "bought: earbuds case"),
        List.of("u1", "search", "300", "searched: matcha — 抹茶"),
        List.of("u2", "click", "50", "clicked: green tea"),
        List.of("u2", "click", "150", "clicked: café crème"),
        List.of("u3", "liked", "10", "Amélie (2001)"),
        List.of("u3", "disliked", "20", "Cats (2019)"),
        List.of("u3", "liked", "30", "Heat (1995) Action|Crime"))));
    rows.put(FileKind.IMPRESSIONS, mutable(List.of(
        List.of("u1", "i2", "250", "1"),
        List.of("u1", "i1", "150", "0"),
        List.of("u2", "i1", "400", "0"),
        List.of("u2", "i4", "410", "1"),
        List.of("u3", "i3", "40", "1"),
        List.of("u4", "i2", "45", "0"))));
    return rows;
  }

  private static List<List<String>> mutable(List<List<String>> rows) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> r : rows) {
      out.add(new ArrayList<>(r));
    }
    return out;
  }

  /** Missing values are null: TSV writes them empty, JSON Lines leaves the key out. */
  private static byte[] render(TabularFormat format, FileKind file, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    if (format == TabularFormat.TSV) {
      sb.append(String.join("\t", file.fields)).append('\n');
      for (List<String> r : rows) {
        for (int i = 0; i < r.size(); i++) {
          if (i > 0) {
            sb.append('\t');
          }
          sb.append(r.get(i) == null ? "" : r.get(i));
        }
        sb.append('\n');
      }
    } else {
      ObjectMapper json = new ObjectMapper();
      for (List<String> r : rows) {
        ObjectNode node = json.createObjectNode();
        for (int i = 0; i < r.size() && i < file.fields.size(); i++) {
          String v = r.get(i);
          if (v == null) {
            continue;
          }
          String field = file.fields.get(i);
          if ((field.equals("timestamp") || field.equals("label")) && v.matches("-?\\d{1,18}")) {
            node.put(field, Long.parseLong(v));
          } else {
            node.put(field, v);
          }
        }
        try {
          sb.append(json.writeValueAsString(node)).append('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------------
  // mutations

  /** Applies a row-level mutation; false when {@code m} works on bytes instead. */
  private static boolean applyToRows(Mutation m, Map<FileKind, List<List<String>>> all) {
    Random random = new Random(m.seed());
    List<List<String>> rows = all.get(m.file());
    int textColumn = m.file().fields.indexOf("text");
    int timeColumn = m.file().fields.indexOf("timestamp");
    switch (m.kind()) {
      case HUGE_FIELD -> {
        int column = textColumn >= 0 && random.nextBoolean() ? textColumn : random.nextInt(m.file().fields.size());
        int length = random.nextInt(4) == 0 ? 1_500_000 + random.nextInt(600_000) : 20_000 + random.nextInt(80_000);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
          sb.append("long text é 東 ");
        }
        pick(rows, random).set(column, sb.toString());
      }
      case TAB_IN_TEXT -> {
        List<String> row = pick(rows, random);
        int column = textColumn >= 0 ? textColumn : random.nextInt(row.size());
        String v = row.get(column) == null ? "" : row.get(column);
        int at = random.nextInt(v.length() + 1);
        row.set(column, v.substring(0, at) + "\t" + v.substring(at));
      }
      case DUPLICATE_ID -> {
        List<String> copy = new ArrayList<>(pick(rows, random));
        if (textColumn >= 0 && random.nextBoolean()) {
          copy.set(textColumn, "another text");
        }
        rows.add(random.nextInt(rows.size() + 1), copy);
      }
      case DUPLICATE_LINE -> rows.add(random.nextInt(rows.size() + 1), new ArrayList<>(pick(rows, random)));
      case SHUFFLE_LINES -> java.util.Collections.shuffle(rows, random);
      case NEGATIVE_TIMESTAMP -> {
        if (timeColumn < 0) {
          return false;
        }
        pick(rows, random).set(timeColumn, String.valueOf(-1 - random.nextInt(1_000_000)));
      }
      case OUT_OF_RANGE_TIMESTAMP -> {
        if (timeColumn < 0) {
          return false;
        }
        String[] values = {String.valueOf(Long.MIN_VALUE), String.valueOf(Long.MAX_VALUE),
            "9223372036854775808", "-9223372036854775809", "1e9", "1.5", "0x10", "+12", " 7 ", "١٢٣", "NaN"};
        pick(rows, random).set(timeColumn, values[random.nextInt(values.length)]);
      }
      case BAD_LABEL -> {
        if (m.file() != FileKind.IMPRESSIONS) {
          return false;
        }
        String[] values = {"2", "-1", "yes", "true", "1.0", "01", "0.5", "", " 1 ", "１", "10"};
        pick(rows, random).set(3, values[random.nextInt(values.length)]);
      }
      case EMPTY_FIELD -> {
        List<String> row = pick(rows, random);
        row.set(random.nextInt(row.size()), random.nextBoolean() ? "" : "   ");
      }
      case DROP_FIELD -> {
        List<String> row = pick(rows, random);
        row.set(random.nextInt(row.size()), null);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static byte[] applyToBytes(Mutation m, byte[] bytes) {
    Random random = new Random(m.seed());
    List<byte[]> lines = splitLines(bytes);
    switch (m.kind()) {
      case TRUNCATE_LINE -> {
        int i = random.nextInt(lines.size());
        byte[] line = lines.get(i);
        lines.set(i, Arrays.copyOf(line, random.nextInt(line.length + 1)));
        return joinLines(lines);
      }
      case TRUNCATE_FILE -> {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      }
      case RANDOM_BYTES -> {
        byte[] out = bytes.clone();
        int n = 1 + random.nextInt(8);
        for (int k = 0; k < n && out.length > 0; k++) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
      }
      case INVALID_UTF8 -> {
        byte[][] sequences = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}};
        return insert(bytes, random.nextInt(bytes.length + 1), sequences[random.nextInt(sequences.length)]);
      }
      case GLUE_LINES -> {
        if (lines.size() < 2) {
          return bytes;
        }
        int i = random.nextInt(lines.size() - 1);
        byte[] a = lines.get(i);
        byte[] b = lines.remove(i + 1);
        byte[] glued = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, glued, a.length, b.length);
        lines.set(i, glued);
        return joinLines(lines);
      }
      case WHITESPACE_LINE -> {
        String[] fillers = {"\t", "\t\t\t", " \t ", "   ", "\r", "\u000B", "\f", "\u001C", "\u2028", "\u00A0",
            "\u3000"};
        lines.add(random.nextInt(lines.size() + 1), fillers[random.nextInt(fillers.length)]
            .getBytes(StandardCharsets.UTF_8));
        return joinLines(lines);
      }
      case CONTROL_CHARACTERS -> {
        byte[] control = {0, 1, 7, 8, 0x1B, 0x7F, '\r'};
        return insert(bytes, random.nextInt(bytes.length + 1), new byte[] {control[random.nextInt(control.length)]});
      }
      default -> {
        // a row mutation that does not apply to this file (e.g. a label in items): mangle a random line instead
        if (lines.isEmpty()) {
          return bytes;
        }
        int i = random.nextInt(lines.size());
        lines.set(i, ("?" + new String(lines.get(i), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        return joinLines(lines);
      }
    }
  }

  private static <T> T pick(List<T> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  private static List<byte[]> splitLines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    if (lines.isEmpty()) {
      lines.add(new byte[0]);
    }
    return lines;
  }

  private static byte[] joinLines(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      out.writeBytes(line);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] insert(byte[] bytes, int at, byte[] what) {
    byte[] out = new byte[bytes.length + what.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(bytes, at, out, at + what.length, bytes.length - at);
    return out;
  }
}
