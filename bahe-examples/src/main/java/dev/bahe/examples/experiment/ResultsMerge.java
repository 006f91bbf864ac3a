package dev.bahe.examples.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.DataOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results of several experiment outputs ({@code demo}, {@code ablation}, {@code sweep-length}, {@code pooling})
 * as one list, for one report: a length sweep whose BAHE runs and LLM-CTR runs were made by separate commands (with
 * settings of their own, or in separate sessions) gets one table and one AUC-against-T chart. The outputs must have
 * been measured on the same data and split and scored on the same validation and test impressions; anything else
 * would put AUCs of different test sets side by side, so it is refused with the field that differs.
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
   */
  public record Source(Path dir, String title, Map<String, Object> provenance, List<VariantResult> results,
      DataOptions data) {

    public Source {
      provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance)); // in order, nulls kept
      results = List.copyOf(results);
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
    return new Source(dir, title, provenance, results, dataOf(dir));
  }

  /** The data configuration shared by every run configuration in {@code dir/runs}. */
  private static DataOptions dataOf(Path dir) {
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
    DataOptions data = null;
    Path first = null;
    for (Path yaml : yamls) {
      DataOptions d;
      try {
        d = loader.fromYaml(Files.readString(yaml), yaml.toString()).data();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + yaml, e);
      }
      if (data == null) {
        data = d;
        first = yaml;
      } else if (!data.equals(d)) {
        throw new IllegalArgumentException(yaml + " and " + first + " configure different data: " + d + " against "
            + data);
      }
    }
    return data;
  }

  /**
   * The runs of every source in order. A baseline (text length 0) found in several sources is kept once, from the
   * first; a text model at the same text length in two sources is an error, since a table has one row per variant
   * and {@code T}.
   *
   * @throws IllegalArgumentException when the sources differ in data, split or validation and test budget, or
   *     repeat a text model row
   */
  public static List<VariantResult> merge(List<Source> sources) {
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
    List<VariantResult> merged = new ArrayList<>();
    Map<String, VariantResult> kept = new LinkedHashMap<>();
    Map<String, Path> origin = new LinkedHashMap<>();
    for (Source s : sources) {
      for (VariantResult r : s.results()) {
        String key = r.variant() + " T=" + r.textLength();
        VariantResult earlier = kept.putIfAbsent(key, r);
        if (earlier == null) {
          origin.put(key, s.dir());
          merged.add(r);
        } else if (r.textLength() > 0) {
          throw new IllegalArgumentException(key + " is in both " + origin.get(key) + " and " + s.dir()
              + "; a merged table has one row per variant and text length");
        } else if (!(Math.abs(earlier.auc() - r.auc()) <= 1e-9)) {
          LOG.warn("baseline {} scores {} in {} and {} in {}; the first is kept", r.variant(),
              String.format(Locale.ROOT, "%.4f", earlier.auc()), origin.get(key),
              String.format(Locale.ROOT, "%.4f", r.auc()), s.dir());
        }
      }
    }
    return merged;
  }
}
