package dev.bahe.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bahe reliability}: prints, as one JSON document, the figures the reliability tests recorded in
 * {@code <module>/target/reliability/}: fuzzed dataset and configuration cases by outcome, the disk-full flush
 * failures each store survived, and the SIGKILLs of {@code bahe encode} and {@code bahe train} survived. The
 * figures are the tests' own measurements; {@code scripts/reliability.sh} runs those tests and then this
 * command. A figure whose test has not run is listed under {@code missing} and the exit code is 1. The seeded
 * training runs of {@code scripts/nonfinite-runs.sh} (about an hour) are included as {@code nonFinite} when
 * that script has written {@link #NONFINITE_RUNS}, and are not required. With
 * {@code --json} the document is also written to a file, with the configuration as provenance.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true,
    description = {"Print the figures recorded by the reliability tests (fuzz cases by outcome, disk-full"
        + " flushes survived, kills survived, and non-finite steps of scripts/nonfinite-runs.sh when it has run)"
        + " as JSON. scripts/reliability.sh runs the tests first."})
final class ReliabilityCommand implements Callable<Integer> {

  /** Where each group of figures is written, relative to the project root. */
  static final List<String> SOURCES = List.of(
      "bahe-examples/target/reliability/fuzz-datasets.json",
      "bahe-core/target/reliability/fuzz-configs.json",
      "bahe-stores/target/reliability",
      "bahe-examples/target/reliability/kill-encode.json",
      "bahe-examples/target/reliability/kill-train.json");

  /** The summary {@code scripts/nonfinite-runs.sh} writes, relative to the project root (optional). */
  static final String NONFINITE_RUNS = "bahe-output/reliability/nonfinite-runs.json";

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--project", defaultValue = ".", paramLabel = "DIR",
      description = "Project root whose modules' target/reliability the tests wrote (default: the current"
          + " directory).")
  Path project;

  @Override
  public Integer call() throws IOException {
    ObjectNode root = JsonResults.MAPPER.createObjectNode();
    ArrayNode missing = JsonResults.MAPPER.createArrayNode();

    ObjectNode fuzz = root.putObject("fuzz");
    putFile(fuzz, "datasets", SOURCES.get(0), missing);
    putFile(fuzz, "configs", SOURCES.get(1), missing);
    long cases = fuzz.findValues("cases").stream().mapToLong(JsonNode::asLong).sum();
    fuzz.put("cases", cases);

    ArrayNode disk = root.putArray("diskFull");
    Path storeFigures = project.resolve(SOURCES.get(2));
    if (Files.isDirectory(storeFigures)) {
      try (Stream<Path> files = Files.list(storeFigures)) {
        for (Path f : files.filter(p -> p.getFileName().toString().startsWith("disk-full-")).sorted().toList()) {
          ObjectNode entry = (ObjectNode) JsonResults.MAPPER.readTree(f.toFile());
          entry.put("test", f.getFileName().toString().replaceFirst("^disk-full-", "").replaceFirst("\\.json$", ""));
          disk.add(entry);
        }
      }
    }
    if (disk.isEmpty()) {
      missing.add(SOURCES.get(2) + "/disk-full-*.json");
    }

    ObjectNode kills = root.putObject("kills");
    putFile(kills, "encode", SOURCES.get(3), missing);
    putFile(kills, "train", SOURCES.get(4), missing);
    kills.put("tried", kills.findValues("kills").stream().mapToLong(JsonNode::asLong).sum());
    kills.put("survived", kills.findValues("survived").stream().mapToLong(JsonNode::asLong).sum());
    Path nonFinite = project.resolve(NONFINITE_RUNS);
    if (Files.isRegularFile(nonFinite)) {
      JsonNode runs = JsonResults.MAPPER.readTree(nonFinite.toFile());
      ObjectNode summary = root.putObject("nonFinite");
      for (String field : List.of("setting", "runs", "okRuns", "steps", "recomputedSteps", "skippedSteps",
          "runsWithANonFiniteStep")) {
        summary.set(field, runs.get(field));
      }
    }
    root.set("missing", missing);

    PrintWriter out = spec.commandLine().getOut();
    out.println(JsonResults.toJson(root));
    out.flush();
    JsonResults.write(common.jsonFile(), "reliability", common.load(), root);
    return missing.isEmpty() ? 0 : 1;
  }

  private void putFile(ObjectNode parent, String name, String relative, ArrayNode missing) throws IOException {
    Path file = project.resolve(relative);
    if (Files.isRegularFile(file)) {
      parent.set(name, JsonResults.MAPPER.readTree(file.toFile()));
    } else {
      missing.add(relative);
    }
  }
}
