package dev.bahe.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads an {@link ExperimentConfig} from YAML: the built-in defaults, then an optional user file, then
 * {@code key=value} overrides with dotted keys ({@code training.batchSize=64}), each merged over the previous.
 * Validation happens at load: an unknown key, a repeated key, a wrong type, an invalid value, bytes that are not
 * UTF-8 or YAML that does not parse is a {@link ConfigException} naming the file, the line and the key, e.g.
 * {@code exp.yaml:12: invalid value for key 'training.batchSize': ...}.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "/dev/bahe/core/config/defaults.yaml";

  private final ObjectMapper yaml;

  public ConfigLoader() {
    this.yaml = JsonMapper.builder(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }

  /** The defaults alone. */
  public ExperimentConfig defaults() {
    return load(null, List.of());
  }

  /**
   * Loads defaults, then {@code file} (may be null), then {@code overrides} ({@code key=value}, value parsed as
   * a YAML scalar or flow sequence such as {@code [128, 64]}).
   */
  public ExperimentConfig load(Path file, List<String> overrides) {
    ObjectNode tree = defaultsTree();
    YamlKeyLines lines = null;
    if (file != null) {
      String text = readText(file);
      lines = YamlKeyLines.scan(yaml.getFactory(), text);
      merge(tree, parseFile(file, text, lines), "", file.toString(), lines);
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    return bind(tree, file == null ? "defaults" : file.toString(), lines);
  }

  /** The configuration as YAML, for provenance next to checkpoints and results. */
  public String toYaml(ExperimentConfig config) {
    try {
      return yaml.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise configuration", e);
    }
  }

  /** Parses a configuration previously written by {@link #toYaml}. */
  public ExperimentConfig fromYaml(String text, String origin) {
    ObjectNode tree = defaultsTree();
    try {
      merge(tree, yaml.readTree(text), "", origin, null);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    return bind(tree, origin, null);
  }

  private ObjectNode defaultsTree() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULTS);
      }
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS, e);
    }
  }

  /** The file's text; bytes that are not UTF-8 are an error naming the first line that holds them. */
  private static String readText(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file not found: " + file);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int line = firstUndecodableLine(bytes);
      throw new ConfigException(file + ":" + line + ": not valid UTF-8 text");
    }
  }

  /** The 1-based line holding the first bytes that are not UTF-8 (LF is never part of a UTF-8 sequence). */
  private static int firstUndecodableLine(byte[] bytes) {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, i - start));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return line;
  }

  private JsonNode parseFile(Path file, String text, YamlKeyLines lines) {
    try {
      JsonNode node = yaml.readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return yaml.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(file + ":1: the top level must be a mapping of keys to values");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null || at.getLineNr() <= 0 ? 1 : at.getLineNr();
      String after = lines.lastKeyAtOrBefore(line);
      throw new ConfigException(file + ":" + line + ": not valid YAML" + (after == null ? "" : " (after key '"
          + after + "')") + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Merges {@code source} over {@code target}; a key absent from the defaults is an error naming it. */
  private static void merge(ObjectNode target, JsonNode source, String prefix, String origin, YamlKeyLines lines) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      JsonNode existing = target.get(field.getKey());
      if (existing == null) {
        throw new ConfigException(at(origin, lines, key) + ": unknown key '" + key + "'; known keys"
            + (prefix.isEmpty() ? "" : " under '" + prefix.substring(0, prefix.length() - 1) + "'") + ": "
            + knownKeys(target));
      }
      if (existing.isObject()) {
        if (!field.getValue().isObject()) {
          throw new ConfigException(at(origin, lines, key) + ": key '" + key + "' must be a mapping with keys "
              + knownKeys((ObjectNode) existing));
        }
        merge((ObjectNode) existing, field.getValue(), key + ".", origin, lines);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private void applyOverride(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("override '" + override + "' must look like key=value, e.g. training.epochs=2");
    }
    String key = override.substring(0, eq).strip();
    String value = override.substring(eq + 1).strip();
    JsonNode parsed;
    try {
      parsed = value.isEmpty() ? yaml.getNodeFactory().textNode("") : yaml.readTree(value);
    } catch (JsonProcessingException e) {
      throw new ConfigException("override '" + override + "': value is not valid YAML: " + e.getOriginalMessage());
    }
    ObjectNode patch = yaml.createObjectNode();
    ObjectNode cursor = patch;
    String[] path = key.split("\\.");
    for (int i = 0; i < path.length - 1; i++) {
      cursor = cursor.putObject(path[i]);
    }
    cursor.set(path[path.length - 1], parsed);
    merge(tree, patch, "", "override --set " + key, null);
  }

  private ExperimentConfig bind(ObjectNode tree, String origin, YamlKeyLines lines) {
    try {
      return yaml.treeToValue(tree, ExperimentConfig.class);
    } catch (JsonMappingException e) {
      String key = e.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      Throwable root = rootCause(e);
      String reason = root instanceof IllegalArgumentException && root.getMessage() != null ? root.getMessage()
          : e.getOriginalMessage();
      if (root instanceof NullPointerException && root.getMessage() != null
          && root.getMessage().matches("[A-Za-z]\\w*")) {
        // a record refusing a null component (Objects.requireNonNull(x, "name")): the key is that component
        key = key.isEmpty() ? root.getMessage() : key + "." + root.getMessage();
        reason = "a value is required (found null)";
      }
      if (lines != null) {
        // a check across keys (e.g. two split layers that must agree) fails on their parent: name the first key
        // of the file below it that the reason mentions
        String mentioned = lines.firstKeyMentionedIn(reason, key);
        key = mentioned == null ? key : mentioned;
      }
      if (key.isEmpty()) {
        throw new ConfigException(origin + ": invalid configuration: " + reason, e);
      }
      throw new ConfigException(at(origin, lines, key) + ": invalid value for key '" + key + "': " + reason, e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + ": " + e.getOriginalMessage(), e);
    }
  }

  /** {@code origin:line} when the key (or an ancestor) was read from a file, else {@code origin}. */
  private static String at(String origin, YamlKeyLines lines, String key) {
    int line = lines == null ? 0 : lines.lineOf(key);
    return line > 0 ? origin + ":" + line : origin;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cur = t;
    while (cur.getCause() != null && cur.getCause() != cur) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static String knownKeys(ObjectNode node) {
    return String.join(", ", (Iterable<String>) node::fieldNames);
  }
}
