package dev.bahe.stores;

import dev.bahe.api.model.EncoderIdentity;
import dev.bahe.api.store.StoreCorruptedException;
import dev.bahe.api.store.StoreMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serialises {@link StoreMetadata} for the stores: as bytes ({@code file} header) and as a string map
 * ({@code lucene} commit user data).
 *
 * <p>Byte form, in order, with {@link DataOutputStream} encodings (big-endian, modified UTF-8 strings with a
 * 2-byte length): {@code modelName} (UTF), {@code weightsChecksum} (UTF), {@code splitLayer} (int32),
 * {@code pooling} (UTF), {@code dimension} (int32), {@code maxTokens} (int32), {@code dtype} (UTF).
 */
final class MetadataCodec {

  static final String PREFIX = "bahe.";

  private MetadataCodec() {}

  static byte[] toBytes(StoreMetadata m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      EncoderIdentity e = m.encoder();
      out.writeUTF(e.modelName());
      out.writeUTF(e.weightsChecksum());
      out.writeInt(e.splitLayer());
      out.writeUTF(e.pooling());
      out.writeInt(e.dimension());
      out.writeInt(e.maxTokens());
      out.writeUTF(m.dtype());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StoreMetadata fromBytes(byte[] bytes, String file) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      String modelName = in.readUTF();
      String checksum = in.readUTF();
      int splitLayer = in.readInt();
      String pooling = in.readUTF();
      int dimension = in.readInt();
      int maxTokens = in.readInt();
      String dtype = in.readUTF();
      if (in.available() != 0) {
        throw new StoreCorruptedException(file + ": " + in.available() + " unexpected bytes after the metadata");
      }
      return new StoreMetadata(
          new EncoderIdentity(modelName, checksum, splitLayer, pooling, dimension, maxTokens), dtype);
    } catch (IOException e) {
      throw new StoreCorruptedException(file + ": unreadable store metadata: " + e, e);
    }
  }

  static Map<String, String> toMap(StoreMetadata m) {
    Map<String, String> map = new LinkedHashMap<>();
    EncoderIdentity e = m.encoder();
    map.put(PREFIX + "modelName", e.modelName());
    map.put(PREFIX + "weightsChecksum", e.weightsChecksum());
    map.put(PREFIX + "splitLayer", Integer.toString(e.splitLayer()));
    map.put(PREFIX + "pooling", e.pooling());
    map.put(PREFIX + "dimension", Integer.toString(e.dimension()));
    map.put(PREFIX + "maxTokens", Integer.toString(e.maxTokens()));
    map.put(PREFIX + "dtype", m.dtype());
    return map;
  }

  static StoreMetadata fromMap(Map<String, String> map, String where) {
    try {
      return new StoreMetadata(
          new EncoderIdentity(
              required(map, "modelName", where),
              required(map, "weightsChecksum", where),
              Integer.parseInt(required(map, "splitLayer", where)),
              required(map, "pooling", where),
              Integer.parseInt(required(map, "dimension", where)),
              Integer.parseInt(required(map, "maxTokens", where))),
          required(map, "dtype", where));
    } catch (NumberFormatException e) {
      throw new StoreCorruptedException(where + ": malformed store metadata " + map + ": " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> map, String field, String where) {
    String value = map.get(PREFIX + field);
    if (value == null) {
      throw new StoreCorruptedException(where + ": store metadata lacks " + PREFIX + field);
    }
    return value;
  }
}
