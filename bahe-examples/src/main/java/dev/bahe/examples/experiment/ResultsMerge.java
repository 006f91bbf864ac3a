package dev.bahe.examples.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.DataOptions;
import dev.bahe.core.config.ExperimentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results of several experiment outputs ({@code demo}, {@code ablation}, {@code sweep-length}, {@code pooling})
 * as one list, for one report: a length sweep whose BAHE runs and LLM-CTR runs were made by separate commands (with
 * settings of their own, or in separate sessions) gets one table and one AUC-against-T chart. The outputs must have
 * been measured on the same data and split and scored on the same validation and test impressions; anything else
 * would put AUCs of different test sets side by side, so it is refused with the field that differs. The same text
 * model at the same text length in several outputs is a set of seed replicates when their run configurations differ
 * in the training seed and nothing else: it becomes one row of means, with each seed's AUC kept
 * ({@link SeedReplicates}).
 */
public final class ResultsMerge {

  private static final Logger LOG = LoggerFactory.getLogger(ResultsMerge.class);

  /**
   * One experiment output.
   *
   * @param dir the output directory
   * @param title its report title
   * @param provenance what produced it, as written in its {@code results.json}
   * @param results its runs
   * @param data the data configuration every one of its runs used
   * @param runs the configuration of each run, by run id ({@code bahe-T128}, {@code stats}; the file name of
   *     {@code runs/<id>.yaml})
   */
  public record Source(Path dir, String title, Map<String, Object> provenance, List<VariantResult> results,
      DataOptions data, Map<String, ExperimentConfig> runs) {

    public Source {
      provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance)); // in order, nulls kept
      results = List.copyOf(results);
      runs = Map.copyOf(runs);
    }
  }

  /**
   * The merged rows and, for every text model trained with several seeds, its seeds' AUCs.
   *
   * @param results one row per variant and text length, a replicated one holding the means over its seeds
   * @param replicates the replicated rows' seeds and AUCs, in row order
   */
  public record Merged(List<VariantResult> results, List<SeedReplicates> replicates) {

    public Merged {
      results = List.copyOf(results);
      replicates = List.copyOf(replicates);
    }
  }

  private ResultsMerge() {}

  /**
   * Reads the output directory {@code dir}: its {@code results.json} and the data configuration of its runs
   * ({@code runs/*.yaml}).
   *
   * @throws IllegalArgumentException when {@code dir} is not a finished experiment output or its runs disagree on
   *     the data
   */
  public static Source read(Path dir) {
    Path json = dir.resolve("results.json");
    if (!Files.isRegularFile(json)) {
      throw new IllegalArgumentException(dir + " holds no results.json: not the output of an experiment command"
          + " (demo, ablation, sweep-length, pooling), or that command has not finished");
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode doc;
    List<VariantResult> results;
    Map<String, Object> provenance;
    try {
      doc = mapper.readTree(json.toFile());
      JsonNode resultsNode = doc.get("results");
      if (resultsNode == null || !resultsNode.isArray()) {
        throw new IllegalArgumentException(json + ": field 'results' is missing or not a list");
      }
      results = mapper.convertValue(resultsNode, new TypeReference<List<VariantResult>>() {});
      JsonNode provenanceNode = doc.get("provenance");
      provenance = provenanceNode == null ? Map.of()
          : mapper.convertValue(provenanceNode, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(json + ": not a results document: " + e.getMessage(), e);
    }
    String title = doc.path("title").asText(dir.toString());
    Map<String, ExperimentConfig> runs = runsOf(dir);
    return new Source(dir, title, provenance, results, dataOf(runs, dir), runs);
  }

  /** Every run configuration in {@code dir/runs}, by run id. */
  private static Map<String, ExperimentConfig> runsOf(Path dir) {
    Path runs = dir.resolve("runs");
    List<Path> yamls;
    try (Stream<Path> files = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
      yamls = files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runs, e);
    }
    if (yamls.isEmpty()) {
      throw new IllegalArgumentException(runs + " holds no run configuration (*.yaml), so the data and split of"
          + " these results cannot be checked");
    }
    ConfigLoader loader = new ConfigLoader();
    Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
    for (Path yaml : yamls) {
      String name = yaml.getFileName().toString();
      try {
        configs.put(name.substring(0, name.length() - ".yaml".length()),
            loader.fromYaml(Files.readString(yaml), yaml.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + yaml, e);
      }
    }
    return configs;
  }

  /** The data configuration shared by every run of {@code dir}. */
  private static DataOptions dataOf(Map<String, ExperimentConfig> runs, Path dir) {
    DataOptions data = null;
    String first = null;
    for (Map.Entry<String, ExperimentConfig> run : runs.entrySet()) {
      DataOptions d = run.getValue().data();
      if (data == null) {
        data = d;
        first = run.getKey();
      } else if (!data.equals(d)) {
        throw new IllegalArgumentException(yamlOf(dir, run.getKey()) + " and " + yamlOf(dir, first)
            + " configure different data: " + d + " against " + data);
      }
    }
    return data;
  }

  private static Path yamlOf(Path dir, String runId) {
    return dir.resolve("runs").resolve(runId + ".yaml");
  }

  /**
   * The runs of every source in order. A baseline (text length 0) found in several sources is kept once, from the
   * first. A text model at the same text length in several sources is a set of seed replicates when their run
   * configurations are equal but for {@code training.seed} (and the output directory) and the seeds differ: one row
   * of means at the place of the first, its seeds in {@link Merged#replicates()}. Anything else is an error, since a
   * table has one row per variant and {@code T}.
   *
   * @throws IllegalArgumentException when the sources differ in data, split or validation and test budget, or
   *     repeat a text model row that is not a seed replicate (naming the setting that differs)
   */
  public static Merged merge(List<Source> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge: no experiment output given");
    }
    Source first = sources.get(0);
    for (Source s : sources.subList(1, sources.size())) {
      if (!s.data().equals(first.data())) {
        throw new IllegalArgumentException(s.dir() + " was measured on other data than " + first.dir() + ": "
            + s.data() + " against " + first.data());
      }
      for (String budget : List.of("maxValidSamples", "maxTestSamples")) {
        Object a = first.provenance().get(budget);
        Object b = s.provenance().get(budget);
        if (!Objects.equals(a, b)) {
          throw new IllegalArgumentException(s.dir() + " scored other impressions than " + first.dir() + ": "
              + budget + " = " + b + " against " + a + " (0: the whole split)");
        }
      }
    }
    // every row by variant and T, in order of first appearance, with the sources it came from
    Map<String, List<VariantResult>> rows = new LinkedHashMap<>();
    Map<String, List<Source>> origins = new LinkedHashMap<>();
    for (Source s : sources) {
      for (VariantResult r : s.results()) {
        String key = r.variant() + " T=" + r.textLength();
        List<VariantResult> same = rows.computeIfAbsent(key, k -> new ArrayList<>());
        if (r.textLength() == 0 && !same.isEmpty()) {
          VariantResult earlier = same.get(0);
          if (!(Math.abs(earlier.auc() - r.auc()) <= 1e-9)) {
            LOG.warn("baseline {} scores {} in {} and {} in {}; the first is kept", r.variant(),
                String.format(Locale.ROOT, "%.4f", earlier.auc()), origins.get(key).get(0).dir(),
                String.format(Locale.ROOT, "%.4f", r.auc()), s.dir());
          }
          continue;
        }
        same.add(r);
        origins.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
    }
    List<VariantResult> merged = new ArrayList<>();
    List<SeedReplicates> replicates = new ArrayList<>();
    for (Map.Entry<String, List<VariantResult>> row : rows.entrySet()) {
      List<VariantResult> same = row.getValue();
      if (same.size() == 1) {
        merged.add(same.get(0));
        continue;
      }
      List<Long> seeds = seedsOf(row.getKey(), same.get(0), origins.get(row.getKey()));
      replicates.add(new SeedReplicates(same.get(0).variant(), same.get(0).textLength(), seeds,
          same.stream().map(VariantResult::auc).toList()));
      merged.add(mean(same));
    }
    return new Merged(merged, replicates);
  }

  /**
   * The training seeds of a text model's rows in several sources, when they are replicates of one configuration.
   *
   * @throws IllegalArgumentException naming the sources and what differs when they are not
   */
  private static List<Long> seedsOf(String key, VariantResult row, List<Source> from) {
    String runId = new PlannedRun(row.variant(), row.textLength(), List.of()).id();
    String where = key + " is in both " + from.get(0).dir() + " and " + from.get(1).dir()
        + (from.size() > 2 ? " (and " + (from.size() - 2) + " more)" : "") + "; a merged table has one row per"
        + " variant and text length";
    List<Long> seeds = new ArrayList<>();
    ObjectNode reference = null;
    for (Source s : from) {
      ExperimentConfig config = s.runs().get(runId);
      if (config == null) {
        throw new IllegalArgumentException(where + ", and " + yamlOf(s.dir(), runId) + " is missing, so they cannot"
            + " be told apart as training seeds");
      }
      long seed = config.training().seed();
      if (seeds.contains(seed)) {
        throw new IllegalArgumentException(where + ", and both were trained with training.seed = " + seed);
      }
      seeds.add(seed);
      ObjectNode tree = withoutSeedAndOutput(config);
      if (reference == null) {
        reference = tree;
      } else if (!reference.equals(tree)) {
        throw new IllegalArgumentException(where + ", and their configurations differ in more than the training"
            + " seed: " + firstDifference(reference, tree, ""));
      }
    }
    return seeds;
  }

  private static ObjectNode withoutSeedAndOutput(ExperimentConfig config) {
    ObjectNode tree = new ObjectMapper().valueToTree(config);
    tree.remove("output");
    ((ObjectNode) tree.get("training")).remove("seed");
    return tree;
  }

  /** The first key whose values differ, as {@code a.b: <value in b> against <value in a>}. */
  private static String firstDifference(JsonNode a, JsonNode b, String path) {
    if (a.isObject() && b.isObject()) {
      for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        JsonNode other = b.get(name);
        String child = path.isEmpty() ? name : path + "." + name;
        if (other == null) {
          return child + ": nothing against " + a.get(name);
        }
        if (!a.get(name).equals(other)) {
          return firstDifference(a.get(name), other, child);
        }
      }
    }
    return path + ": " + b + " against " + a;
  }

  /**
   * One row of means over seed replicates: sums for the step counters, the largest peak memory, the first seed's
   * learning curve.
   */
  private static VariantResult mean(List<VariantResult> rows) {
    VariantResult first = rows.get(0);
    String status = rows.stream().map(VariantResult::status).filter(st -> !"ok".equals(st)).findFirst().orElse("ok");
    return new VariantResult(first.variant(), first.textLength(), average(rows, VariantResult::auc),
        average(rows, VariantResult::logloss), average(rows, VariantResult::gauc),
        average(rows, VariantResult::trainSeconds), average(rows, VariantResult::trainSamplesPerSecond),
        rows.stream().mapToDouble(VariantResult::peakRssMb).max().orElseThrow(), average(rows, VariantResult::aucD),
        first.abeSeconds(), first.trainSamples(), rows.stream().mapToInt(VariantResult::skippedSteps).sum(), status,
        first.gaucUsers(), first.learning(), rows.stream().mapToInt(VariantResult::recomputedSteps).sum(),
        average(rows, VariantResult::alignSeconds));
  }

  private static double average(List<VariantResult> rows, ToDoubleFunction<VariantResult> f) {
    return rows.stream().mapToDouble(f).average().orElseThrow();
  }
}
