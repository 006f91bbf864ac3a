package dev.bahe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Throws seeded, mutated YAML experiment files at {@link ConfigLoader}: wrong types and out-of-range values,
 * misspelt, unknown, repeated and deleted keys, broken indentation and tabs, truncation, random bytes, invalid
 * UTF-8, huge values and YAML oddities (anchors, tags, unterminated quotes). Every case either loads or fails
 * with a {@link ConfigException} whose message starts {@code <file>:<line>: } and, for a bad key or value,
 * names the key; never another exception, a hang or a message-less error. Counts by outcome go to
 * {@code target/reliability/fuzz-configs.json}.
 */
class ConfigLoaderFuzzTest {

  static final Path FIGURES = Path.of("target", "reliability", "fuzz-configs.json");
  private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentSkipListMap<>();
  private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzz-config");
    t.setDaemon(true);
    return t;
  });

  private static final String BASELINE = """
      # a user experiment file
      variant: bahe
      backbone:
        name: minilm
        splitLayer: 3
      encoder:
        name: onnx
        splitLayer: 3
        pooling: mean
        maxTokens: 32
      head:
        name: dnn
        hiddenSizes: [256, 64]
        dropout: 0.1
      sequence:
        maxBehaviorsPerType: 20
        itemEncoding: tokens
      training:
        batchSize: 32
        microBatchSize: 16
        epochs: 3
        headLearningRate: 1.0e-3
        seed: 42
      data:
        source: tsv
        path: /data/shop
        validFraction: 0.1
        testFraction: 0.2
        skipBadRows: true
      output: runs/shop
      """;

  private static final String[] VALUES = {"null", "~", "-1", "0", "1e999", ".nan", "-.inf", "abc", "[1, 2]",
      "{a: 1}", "true", "99999999999999999999", "\"\"", "' '", "\"unterminated", "&anchor 3", "*missing",
      "!!binary AAAA", "1.5", "0x1F", "2026-12-01", "[", "}", "- item", ": :", "|", ">-", "\"\\u0000\"", "é東"};

  enum Kind {
    REPLACE_VALUE, MISSPELL_KEY, UNKNOWN_KEY, DUPLICATE_LINE, DELETE_LINE, INDENT, TAB_INDENT, SWAP_LINES,
    TRUNCATE, RANDOM_BYTES, INVALID_UTF8, HUGE_VALUE, CONTROL_CHARACTER
  }

  record Mutation(Kind kind, long seed) {}

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.longs()).as(Mutation::new)
        .list().ofMinSize(1).ofMaxSize(3);
  }

  @BeforeProperty
  void resetFigures() {
    OUTCOMES.clear();
  }

  @Property(tries = 1000, seed = "1313")
  void everyMutatedConfigLoadsOrFailsNamingFileLineAndKey(@ForAll("mutations") List<Mutation> mutations)
      throws Exception {
    byte[] bytes = BASELINE.getBytes(StandardCharsets.UTF_8);
    for (Mutation m : mutations) {
      bytes = apply(m, bytes);
    }
    Path file = Files.createTempFile("bahe-fuzz-", ".yaml");
    try {
      Files.write(file, bytes);
      Object result = loadWithin(file);
      String outcome;
      if (result instanceof ExperimentConfig) {
        outcome = "accepted";
      } else {
        assertLocated((ConfigException) result, file, lineCount(bytes));
        outcome = "rejected";
      }
      OUTCOMES.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @AfterProperty
  void writeFigures() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode outcomes = root.putObject("outcomes");
    long total = 0;
    for (Map.Entry<String, AtomicLong> e : OUTCOMES.entrySet()) {
      outcomes.put(e.getKey(), e.getValue().get());
      total += e.getValue().get();
    }
    root.put("cases", total);
    Files.createDirectories(FIGURES.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(FIGURES.toFile(), root);
    System.out.println("config fuzz cases by outcome: " + root);
  }

  private static final Pattern KEYED = Pattern.compile("invalid value for key|unknown key|must be a mapping with keys");

  private static void assertLocated(ConfigException e, Path file, int lines) {
    String message = e.getMessage();
    assertThat(message).isNotBlank();
    Matcher m = Pattern.compile("^" + Pattern.quote(file.toString()) + ":(\\d+): \\S.*", Pattern.DOTALL)
        .matcher(message);
    assertThat(m.matches()).as("'<file>:<line>: ' opens: %s", message).isTrue();
    int line = Integer.parseInt(m.group(1));
    assertThat(line).as("line of: %s", message).isBetween(1, lines + 1);
    if (KEYED.matcher(message).find()) {
      assertThat(message).as("names the key: %s", message).containsPattern("key '[^']+'");
    }
  }

  private static Object loadWithin(Path file) throws Exception {
    Future<Object> f = WORKER.submit(() -> {
      try {
        return new ConfigLoader().load(file, List.of());
      } catch (ConfigException e) {
        return e;
      }
    });
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail("config load did not finish within 20 s");
    } catch (ExecutionException e) {
      return fail("config load crashed with " + e.getCause(), e.getCause());
    }
  }

  private static int lineCount(byte[] bytes) {
    int n = 1;
    for (byte b : bytes) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------------------

  private static byte[] apply(Mutation m, byte[] bytes) {
    Random random = new Random(m.seed());
    List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.ISO_8859_1)
        .split("\n", -1)));
    int i = random.nextInt(lines.size());
    String line = lines.get(i);
    switch (m.kind()) {
      case REPLACE_VALUE -> {
        int colon = line.indexOf(": ");
        String value = VALUES[random.nextInt(VALUES.length)];
        lines.set(i, colon < 0 ? line + " " + value : line.substring(0, colon + 2) + utf8(value));
      }
      case MISSPELL_KEY -> {
        int colon = line.indexOf(':');
        if (colon > 0) {
          int at = random.nextInt(colon);
          lines.set(i, line.substring(0, at) + (char) ('a' + random.nextInt(26)) + line.substring(at + 1));
        }
      }
      case UNKNOWN_KEY -> lines.add(i, leadingSpaces(line) + "extraKey" + random.nextInt(100) + ": 1");
      case DUPLICATE_LINE -> lines.add(i, line);
      case DELETE_LINE -> lines.remove(i);
      case INDENT -> lines.set(i, random.nextBoolean() ? "  " + line : line.strip());
      case TAB_INDENT -> lines.set(i, "\t" + line.strip());
      case SWAP_LINES -> {
        int j = random.nextInt(lines.size());
        lines.set(i, lines.get(j));
        lines.set(j, line);
      }
      case TRUNCATE -> {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      }
      case RANDOM_BYTES -> {
        byte[] out = bytes.clone();
        for (int k = 0, n = 1 + random.nextInt(6); k < n && out.length > 0; k++) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
      }
      case INVALID_UTF8 -> {
        byte[][] sequences = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        byte[] seq = sequences[random.nextInt(sequences.length)];
        int at = random.nextInt(bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(seq);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
      }
      case HUGE_VALUE -> {
        int colon = line.indexOf(": ");
        String huge = "x".repeat(random.nextInt(8) == 0 ? 1_000_000 : 50_000);
        lines.set(i, colon < 0 ? line + huge : line.substring(0, colon + 2) + huge);
      }
      case CONTROL_CHARACTER -> {
        int at = random.nextInt(line.length() + 1);
        char c = new char[] {0, 1, 7, 0x1B, 0x7F, '\r', '\u0085'}[random.nextInt(7)];
        lines.set(i, line.substring(0, at) + c + line.substring(at));
      }
    }
    return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A UTF-8 value spliced into text held as ISO-8859-1 (one char per byte). */
  private static String utf8(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String leadingSpaces(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return line.substring(0, n);
  }
}
