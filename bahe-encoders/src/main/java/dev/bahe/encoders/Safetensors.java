package dev.bahe.encoders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Tensors of one or more {@code .safetensors} files (layout: 8-byte little-endian header length, JSON header
 * {@code name -> {dtype, shape, data_offsets}}, then the data), read tensor by tensor on request. F32, F16 and BF16 are read as
 * float32, widened in Java, so no half-precision NDArray is ever created (BF16 NDArrays crash this DJL build).
 * Errors name the file and tensor. Not thread-safe.
 */
final class Safetensors implements NamedTensors {

  private record Entry(Path file, String dtype, long[] shape, long begin, long end) {}

  private final String source;
  private final Map<String, Entry> entries = new HashMap<>();

  Safetensors(List<Path> files) {
    this.source = files.size() == 1 ? files.get(0).toString() : files.toString();
    for (Path f : files) {
      read(f);
    }
  }

  private void read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("safetensors file not found: " + file.toAbsolutePath());
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw corrupt(file, "shorter than its 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > size - 8 || headerLen > 100_000_000L) {
        throw corrupt(file, "header length " + headerLen + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      ch.read(headerBuf, 8);
      JsonNode header;
      try {
        header = new ObjectMapper().readTree(headerBuf.array());
      } catch (IOException e) {
        throw corrupt(file, "header is not JSON: " + e.getMessage());
      }
      long dataStart = 8 + headerLen;
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode t = e.getValue();
        JsonNode offsets = t.get("data_offsets");
        JsonNode shapeNode = t.get("shape");
        if (t.get("dtype") == null || offsets == null || shapeNode == null || offsets.size() != 2) {
          throw corrupt(file, "tensor '" + e.getKey() + "' lacks dtype, shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > size - dataStart) {
          throw corrupt(file, "tensor '" + e.getKey() + "' data [" + begin + ", " + end + ") lies outside the file"
              + " (truncated?)");
        }
        entries.put(e.getKey(), new Entry(file, t.get("dtype").asText(), shape, dataStart + begin, dataStart + end));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read safetensors file " + file, e);
    }
  }

  private static IllegalArgumentException corrupt(Path file, String why) {
    return new IllegalArgumentException("corrupt safetensors file " + file + ": " + why);
  }

  @Override
  public String source() {
    return "safetensors " + source;
  }

  @Override
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The stored shape of {@code name}, or {@code null}. */
  long[] shape(String name) {
    Entry e = entries.get(name);
    return e == null ? null : e.shape().clone();
  }

  @Override
  public float[] get(String name, long... expectedShape) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("tensor '" + name + "' not found in " + source());
    }
    if (!Arrays.equals(e.shape(), expectedShape)) {
      throw NamedTensors.shapeMismatch(e.file().toString(), name, expectedShape, e.shape());
    }
    long n = 1;
    for (long d : e.shape()) {
      n *= d;
    }
    int width = switch (e.dtype()) {
      case "F32" -> 4;
      case "F16", "BF16" -> 2;
      default -> throw new IllegalArgumentException("tensor '" + name + "' in " + e.file() + " has dtype "
          + e.dtype() + "; supported: F32, F16, BF16");
    };
    if (e.end() - e.begin() != n * width) {
      throw corrupt(e.file(), "tensor '" + name + "' holds " + (e.end() - e.begin()) + " bytes, expected "
          + n * width + " for " + e.dtype() + " " + Arrays.toString(e.shape()));
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * width)).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
      while (b.hasRemaining()) {
        if (ch.read(b, e.begin() + b.position()) < 0) {
          throw corrupt(e.file(), "tensor '" + name + "' ends past the end of the file");
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read tensor '" + name + "' from " + e.file(), ex);
    }
    b.flip();
    float[] out = new float[Math.toIntExact(n)];
    switch (e.dtype()) {
      case "F32" -> b.asFloatBuffer().get(out);
      case "BF16" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
        }
      }
      default -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = halfToFloat(b.getShort());
        }
      }
    }
    return out;
  }

  /** IEEE 754 binary16 to float32, exact (subnormals, infinities and NaN included). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal or zero
      return sign == 0 ? v : -v;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The {@code *.safetensors} files of {@code dir}, sorted by name. */
  static List<Path> filesIn(Path dir) {
    try (var stream = Files.list(dir)) {
      List<Path> files = new ArrayList<>(stream.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
          .sorted().toList());
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no *.safetensors file in model directory " + dir.toAbsolutePath());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model directory " + dir, e);
    }
  }
}
