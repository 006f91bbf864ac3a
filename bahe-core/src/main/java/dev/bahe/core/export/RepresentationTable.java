package dev.bahe.core.export;

import dev.bahe.api.data.Impression;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Exported representations loaded into memory: {@code Q_u} by impression (user, item, time) and {@code Q_i}
 * by item. Immutable after loading, thread-safe for reading.
 */
public final class RepresentationTable {

  private final Map<ImpressionKey, float[]> users;
  private final Map<String, float[]> items;
  private final int userDimension;
  private final int itemDimension;

  private RepresentationTable(Map<ImpressionKey, float[]> users, Map<String, float[]> items, int userDimension,
      int itemDimension) {
    this.users = users;
    this.items = items;
    this.userDimension = userDimension;
    this.itemDimension = itemDimension;
  }

  /** Loads a user file ({@code Q_u}) and an item file ({@code Q_i}) written by {@link RepresentationExporter}. */
  public static RepresentationTable load(Path userFile, Path itemFile) {
    Map<ImpressionKey, float[]> users = new HashMap<>();
    RepresentationFile.Header uh = RepresentationFile.read(userFile,
        (u, i, t, v) -> users.putIfAbsent(new ImpressionKey(u, i, t), v));
    if (uh.kind() != RepresentationFile.Kind.USER) {
      throw new IllegalArgumentException(userFile + " holds " + uh.kind() + " rows, expected USER");
    }
    Map<String, float[]> items = new HashMap<>();
    RepresentationFile.Header ih = RepresentationFile.read(itemFile, (u, i, t, v) -> items.putIfAbsent(i, v));
    if (ih.kind() != RepresentationFile.Kind.ITEM) {
      throw new IllegalArgumentException(itemFile + " holds " + ih.kind() + " rows, expected ITEM");
    }
    return new RepresentationTable(users, items, uh.dimension(), ih.dimension());
  }

  /** A table from maps (copied); every vector of a map must have the same length. */
  public static RepresentationTable of(Map<ImpressionKey, float[]> users, Map<String, float[]> items) {
    return new RepresentationTable(Map.copyOf(users), Map.copyOf(items), commonLength(users.values(), "Q_u"),
        commonLength(items.values(), "Q_i"));
  }

  private static int commonLength(Iterable<float[]> vectors, String what) {
    int d = -1;
    for (float[] v : vectors) {
      if (d >= 0 && v.length != d) {
        throw new IllegalArgumentException(what + " vectors differ in length: " + d + " and " + v.length);
      }
      d = v.length;
    }
    if (d <= 0) {
      throw new IllegalArgumentException("no " + what + " vectors");
    }
    return d;
  }

  public int userDimension() {
    return userDimension;
  }

  public int itemDimension() {
    return itemDimension;
  }

  /** {@code Q_u ⊕ Q_i} size. */
  public int dimension() {
    return userDimension + itemDimension;
  }

  /** Writes {@code Q_u ⊕ Q_i} of {@code impression} into {@code out[offset ..]}; a missing one is an error. */
  public void copyFeatures(Impression impression, float[] out, int offset) {
    float[] u = users.get(ImpressionKey.of(impression));
    if (u == null) {
      throw new IllegalArgumentException("no exported Q_u for impression " + impression);
    }
    float[] i = items.get(impression.itemId());
    if (i == null) {
      throw new IllegalArgumentException("no exported Q_i for item '" + impression.itemId() + "'");
    }
    System.arraycopy(u, 0, out, offset, userDimension);
    System.arraycopy(i, 0, out, offset + userDimension, itemDimension);
  }

  /** Number of impressions with {@code Q_u}. */
  public int users() {
    return users.size();
  }

  /** Number of items with {@code Q_i}. */
  public int items() {
    return items.size();
  }

  /** Identity of an impression for representation lookup. */
  public record ImpressionKey(String userId, String itemId, long timestamp) {

    public static ImpressionKey of(Impression impression) {
      return new ImpressionKey(impression.userId(), impression.itemId(), impression.timestamp());
    }
  }
}
