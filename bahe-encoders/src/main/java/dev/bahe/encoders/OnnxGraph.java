package dev.bahe.encoders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} that this module needs, parsed with the ONNX field numbers
 * (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, input = 11, output = 12; NodeProto.input = 1,
 * output = 2, name = 3, op_type = 4; TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8,
 * raw_data = 9). Keeps the file bytes; tensors are decoded on request. Not thread-safe for mutation; read-only
 * after construction.
 */
final class OnnxGraph {

  static final int MODEL_GRAPH = 7;
  static final int GRAPH_NODE = 1;
  static final int GRAPH_INITIALIZER = 5;
  static final int GRAPH_INPUT = 11;
  static final int GRAPH_OUTPUT = 12;
  static final int GRAPH_VALUE_INFO = 13;
  static final int TENSOR_FLOAT = 1;

  /** One graph node with the byte range of its serialised form. */
  record Node(String name, String opType, List<String> inputs, List<String> outputs, ProtoFields.Field field) {}

  /** One initializer: its name, shape, ONNX data type and where its data lies. */
  record Initializer(String name, long[] dims, int dataType, ProtoFields.Field rawData, List<ProtoFields.Field> floatData,
      ProtoFields.Field field) {

    long elementCount() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }
  }

  /** One graph input or output. */
  record ValueInfo(String name, ProtoFields.Field field) {}

  private final String source;
  private final byte[] bytes;
  private final List<ProtoFields.Field> modelFields;
  private final ProtoFields.Field graphField;
  private final List<ProtoFields.Field> graphFields;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Initializer> initializers = new LinkedHashMap<>();
  private final List<ValueInfo> inputs = new ArrayList<>();
  private final List<ValueInfo> outputs = new ArrayList<>();

  private OnnxGraph(String source, byte[] bytes) throws IOException {
    this.source = source;
    this.bytes = bytes;
    this.modelFields = ProtoFields.read(bytes, 0, bytes.length);
    ProtoFields.Field graph = null;
    for (ProtoFields.Field f : modelFields) {
      if (f.number() == MODEL_GRAPH && f.isBytes()) {
        graph = f;
      }
    }
    if (graph == null) {
      throw new IOException("no graph (ModelProto field 7)");
    }
    this.graphField = graph;
    this.graphFields = ProtoFields.read(bytes, graph.offset(), graph.length());
    for (ProtoFields.Field f : graphFields) {
      switch (f.number()) {
        case GRAPH_NODE -> nodes.add(parseNode(f));
        case GRAPH_INITIALIZER -> {
          Initializer init = parseInitializer(f);
          initializers.put(init.name(), init);
        }
        case GRAPH_INPUT -> inputs.add(parseValueInfo(f));
        case GRAPH_OUTPUT -> outputs.add(parseValueInfo(f));
        default -> { }
      }
    }
  }

  /**
   * Parses ONNX bytes. {@code source} names the file in error messages.
   *
   * @throws IllegalArgumentException if the bytes are not a readable ONNX model
   */
  static OnnxGraph parse(String source, byte[] bytes) {
    try {
      OnnxGraph graph = new OnnxGraph(source, bytes);
      if (graph.nodes.isEmpty() && graph.initializers.isEmpty()) {
        throw new IOException("the graph has no nodes and no initializers");
      }
      return graph;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("corrupt or unreadable ONNX file " + source + ": " + e.getMessage()
          + truncatedTensor(bytes), e);
    }
  }

  /** For a file cut short: names the initializer whose data is cut (", in tensor 'x'"), else empty. */
  private static String truncatedTensor(byte[] bytes) {
    List<ProtoFields.Field> model = ProtoFields.readLenient(bytes, 0, bytes.length);
    for (ProtoFields.Field f : model) {
      if (f.number() != MODEL_GRAPH || !f.isBytes()) {
        continue;
      }
      List<ProtoFields.Field> graph = ProtoFields.readLenient(bytes, f.offset(), f.length());
      String lastComplete = null;
      for (int i = 0; i < graph.size(); i++) {
        ProtoFields.Field g = graph.get(i);
        if (g.number() != GRAPH_INITIALIZER || !g.isBytes()) {
          continue;
        }
        String name = null;
        for (ProtoFields.Field tf : ProtoFields.readLenient(bytes, g.offset(), g.length())) {
          if (tf.number() == 8 && tf.isBytes()) {
            name = ProtoFields.string(bytes, tf);
          }
        }
        if (i == graph.size() - 1 && f.offset() + f.length() == bytes.length
            && g.offset() + g.length() == bytes.length) {
          return name != null ? ", in tensor '" + name + "'" : lastComplete != null
              ? ", in the tensor after '" + lastComplete + "'" : "";
        }
        lastComplete = name;
      }
    }
    return "";
  }

  private Node parseNode(ProtoFields.Field f) throws IOException {
    String name = "";
    String op = "";
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (ProtoFields.Field nf : ProtoFields.read(bytes, f.offset(), f.length())) {
      switch (nf.number()) {
        case 1 -> in.add(ProtoFields.string(bytes, nf));
        case 2 -> out.add(ProtoFields.string(bytes, nf));
        case 3 -> name = ProtoFields.string(bytes, nf);
        case 4 -> op = ProtoFields.string(bytes, nf);
        default -> { }
      }
    }
    return new Node(name, op, List.copyOf(in), List.copyOf(out), f);
  }

  private Initializer parseInitializer(ProtoFields.Field f) throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    ProtoFields.Field raw = null;
    List<ProtoFields.Field> floats = new ArrayList<>();
    for (ProtoFields.Field tf : ProtoFields.read(bytes, f.offset(), f.length())) {
      switch (tf.number()) {
        case 1 -> ProtoFields.varints(bytes, tf, dims);
        case 2 -> dataType = (int) tf.value();
        case 4 -> floats.add(tf);
        case 8 -> name = ProtoFields.string(bytes, tf);
        case 9 -> raw = tf;
        default -> { }
      }
    }
    long[] d = new long[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i);
    }
    return new Initializer(name, d, dataType, raw, List.copyOf(floats), f);
  }

  private ValueInfo parseValueInfo(ProtoFields.Field f) throws IOException {
    for (ProtoFields.Field vf : ProtoFields.read(bytes, f.offset(), f.length())) {
      if (vf.number() == 1) {
        return new ValueInfo(ProtoFields.string(bytes, vf), f);
      }
    }
    throw new IOException("graph input/output without a name");
  }

  String source() {
    return source;
  }

  byte[] bytes() {
    return bytes;
  }

  List<ProtoFields.Field> modelFields() {
    return modelFields;
  }

  ProtoFields.Field graphField() {
    return graphField;
  }

  List<ProtoFields.Field> graphFields() {
    return graphFields;
  }

  List<Node> nodes() {
    return nodes;
  }

  Map<String, Initializer> initializers() {
    return initializers;
  }

  List<ValueInfo> inputs() {
    return inputs;
  }

  List<ValueInfo> outputs() {
    return outputs;
  }

  /** The node named {@code name}, or {@code null}. */
  Node node(String name) {
    for (Node n : nodes) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  /**
   * Decodes a float initializer.
   *
   * @throws IllegalArgumentException naming the file and tensor if it is missing, not float or truncated
   */
  float[] floats(String tensor) {
    Initializer init = initializers.get(tensor);
    if (init == null) {
      throw new IllegalArgumentException("tensor '" + tensor + "' not found in ONNX file " + source);
    }
    if (init.dataType() != TENSOR_FLOAT) {
      throw new IllegalArgumentException("tensor '" + tensor + "' in ONNX file " + source + " has ONNX data type "
          + init.dataType() + ", expected 1 (FLOAT)");
    }
    return decode(init, tensor);
  }

  private float[] decode(Initializer init, String tensor) {
    long n = init.elementCount();
    float[] out = new float[Math.toIntExact(n)];
    if (init.rawData() != null) {
      ProtoFields.Field raw = init.rawData();
      if (raw.length() != n * 4) {
        throw new IllegalArgumentException("tensor '" + tensor + "' in ONNX file " + source + " holds "
            + raw.length() + " bytes, expected " + n * 4 + " for shape " + java.util.Arrays.toString(init.dims()));
      }
      ByteBuffer.wrap(bytes, raw.offset(), raw.length()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
    int i = 0;
    for (ProtoFields.Field f : init.floatData()) {
      if (f.isBytes()) {
        ByteBuffer b = ByteBuffer.wrap(bytes, f.offset(), f.length()).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 4) {
          if (i >= n) {
            i++;
            break;
          }
          out[i++] = b.getFloat();
        }
      } else {
        if (i < n) {
          out[i] = Float.intBitsToFloat((int) f.value());
        }
        i++;
      }
    }
    if (i != n) {
      throw new IllegalArgumentException("tensor '" + tensor + "' in ONNX file " + source + " holds " + i
          + " floats, expected " + n);
    }
    return out;
  }

  /**
   * The float values of a constant tensor: an initializer or the {@code value} attribute of the Constant node
   * producing it; {@code null} when it is neither.
   */
  float[] constantFloats(String tensor) {
    if (initializers.containsKey(tensor)) {
      return floats(tensor);
    }
    for (Node n : nodes) {
      if (n.opType().equals("Constant") && n.outputs().contains(tensor)) {
        try {
          for (ProtoFields.Field nf : ProtoFields.read(bytes, n.field().offset(), n.field().length())) {
            if (nf.number() != 5) {
              continue;
            }
            String attrName = "";
            ProtoFields.Field t = null;
            Float f = null;
            for (ProtoFields.Field af : ProtoFields.read(bytes, nf.offset(), nf.length())) {
              if (af.number() == 1) {
                attrName = ProtoFields.string(bytes, af);
              } else if (af.number() == 5) {
                t = af;
              } else if (af.number() == 2) {
                f = Float.intBitsToFloat((int) af.value());
              }
            }
            if (attrName.equals("value_float") && f != null) {
              return new float[] {f};
            }
            if (attrName.equals("value") && t != null) {
              Initializer init = parseInitializer(t);
              if (init.dataType() != TENSOR_FLOAT) {
                return null;
              }
              return decode(init, tensor);
            }
          }
        } catch (IOException e) {
          throw new IllegalArgumentException("corrupt Constant node " + n.name() + " in ONNX file " + source, e);
        }
      }
    }
    return null;
  }
}
