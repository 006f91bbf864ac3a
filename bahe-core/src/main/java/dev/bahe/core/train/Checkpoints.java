package dev.bahe.core.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bahe.core.config.ConfigLoader;
import dev.bahe.core.config.ExperimentConfig;
import dev.bahe.core.model.CtrModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints of a {@link CtrModel}: a directory holding
 *
 * <ul>
 *   <li>{@code model.params}: the root block's parameters in DJL's parameter format ({@link
 *       Block#saveParameters}), loadable into a model built the same way;
 *   <li>{@code config.yaml}: the {@link ExperimentConfig} that built the model ({@link ConfigLoader#toYaml}),
 *       when known;
 *   <li>{@code provenance.json}: {@link CheckpointProvenance}, including the SHA-256 of {@code model.params},
 *       verified on load.
 * </ul>
 *
 * <p>Each file is written to a temporary name and moved into place, {@code provenance.json} last, so a
 * directory with a provenance file is complete.
 */
public final class Checkpoints {

  /**
   * Version of the checkpoint directory layout. Version 2 added {@code sequence.itemEncoding} to the configuration,
   * version 3 {@code sequence.typeShares} (the network's parameters depend on it), version 4
   * {@code sequence.historySummary}; a version-1 or -2 checkpoint read with today's defaults would see its items or
   * its logit differently, so it is refused. A version-3 checkpoint is read with {@code historySummary: none}, the
   * only network that version could save. Version 5 added {@code sequence.interactions}; older checkpoints are read
   * with {@code interactions: none}, the only head input they could have. Version 6 added
   * {@code sequence.userSequence}; older checkpoints are read with {@code userSequence: perType}, the only layout
   * they could have. Version 7 added {@code sequence.positionOrigin}; older checkpoints are read with
   * {@code positionOrigin: oldest}, the only positions they could have.
   */
  public static final int FORMAT_VERSION = 7;

  /** The oldest layout this version reads. */
  static final int OLDEST_READABLE_VERSION = 3;

  public static final String PARAMETERS_FILE = "model.params";
  public static final String CONFIG_FILE = "config.yaml";
  public static final String PROVENANCE_FILE = "provenance.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = new YAMLMapper();

  private Checkpoints() {}

  /** Writes a checkpoint of {@code model} to {@code dir} (created if absent, files replaced). */
  public static void save(Path dir, CtrModel model, ExperimentConfig config, CheckpointProvenance provenance) {
    save(dir, saveParameters(model), config, provenance);
  }

  /** Writes a checkpoint from parameters already serialised by {@link #saveParameters}. */
  public static void save(Path dir, byte[] parameters, ExperimentConfig config, CheckpointProvenance provenance) {
    try {
      Files.createDirectories(dir);
      writeAtomically(dir.resolve(PARAMETERS_FILE), parameters);
      if (config != null) {
        writeAtomically(dir.resolve(CONFIG_FILE),
            new ConfigLoader().toYaml(config).getBytes(StandardCharsets.UTF_8));
      }
      CheckpointProvenance withSum = provenance.withChecksum(sha256(parameters));
      writeAtomically(dir.resolve(PROVENANCE_FILE), JSON.writeValueAsBytes(withSum));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
    }
  }

  /**
   * Loads {@code model.params} from {@code dir} into {@code model}, after checking its checksum against
   * {@code provenance.json}. The model must have been built the same way as the saved one.
   *
   * @return the checkpoint's provenance
   */
  public static CheckpointProvenance load(Path dir, CtrModel model) {
    CheckpointProvenance provenance = readProvenance(dir);
    Path params = dir.resolve(PARAMETERS_FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(params);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint parameters " + params, e);
    }
    String actual = sha256(bytes);
    if (!actual.equals(provenance.parametersSha256())) {
      throw new IllegalStateException("checkpoint " + params + " is corrupt: SHA-256 " + actual + " but "
          + PROVENANCE_FILE + " records " + provenance.parametersSha256());
    }
    loadParameters(model, bytes, params.toString());
    return provenance;
  }

  /** The provenance of the checkpoint in {@code dir}. */
  public static CheckpointProvenance readProvenance(Path dir) {
    Path file = dir.resolve(PROVENANCE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no checkpoint in " + dir + ": " + PROVENANCE_FILE + " is missing");
    }
    try {
      CheckpointProvenance p = JSON.readValue(file.toFile(), CheckpointProvenance.class);
      if (p.formatVersion() < OLDEST_READABLE_VERSION || p.formatVersion() > FORMAT_VERSION) {
        throw new IllegalArgumentException(file + ": checkpoint format version " + p.formatVersion()
            + " is not supported (this version reads " + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + ")");
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The configuration saved with the checkpoint in {@code dir}, if one was saved. */
  public static Optional<ExperimentConfig> readConfig(Path dir) {
    Path file = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String yaml = Files.readString(file);
      int version = Files.isRegularFile(dir.resolve(PROVENANCE_FILE)) ? readProvenance(dir).formatVersion()
          : FORMAT_VERSION;
      if (version < 4) {
        yaml = withKey(yaml, "sequence", "historySummary", "none");
      }
      if (version < 5) {
        yaml = withKey(yaml, "sequence", "interactions", "none");
      }
      if (version < 6) {
        yaml = withKey(yaml, "sequence", "userSequence", "perType");
      }
      if (version < 7) {
        yaml = withKey(yaml, "sequence", "positionOrigin", "oldest");
      }
      return Optional.of(new ConfigLoader().fromYaml(yaml, file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** {@code yaml} with {@code section.key: value} set, for a key an older layout did not write. */
  private static String withKey(String yaml, String section, String key, String value) throws IOException {
    var root = YAML.readTree(yaml);
    if (root instanceof ObjectNode object) {
      object.with(section).put(key, value);
      return YAML.writeValueAsString(object);
    }
    return yaml;
  }

  /** The parameters of {@code model}'s root block in DJL's parameter format. */
  public static byte[] saveParameters(CtrModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      model.block().saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise parameters of " + model.name(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces the parameter values of {@code model} by those serialised in {@code bytes}, keeping which
   * parameters train and which are frozen. The new arrays are created in the manager of the model's
   * parameters; the replaced ones stay attached to it until the model is closed.
   *
   * @param origin where the bytes came from, for error messages
   */
  public static void loadParameters(CtrModel model, byte[] bytes, String origin) {
    Block block = model.block();
    List<Parameter> params = new ArrayList<>();
    Map<Parameter, Boolean> trains = new IdentityHashMap<>();
    for (var pair : block.getParameters()) {
      Parameter p = pair.getValue();
      if (trains.put(p, p.requiresGradient()) == null) {
        params.add(p);
      }
    }
    if (params.isEmpty()) {
      return;
    }
    NDManager manager = params.get(0).getArray().getManager();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      block.loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("cannot load parameters of model " + model.name() + " from " + origin
          + ": " + e.getMessage(), e);
    }
    for (Parameter p : params) {
      p.freeze(!trains.get(p));
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Bytes(bytes));
  }

  static byte[] sha256Bytes(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, content);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
