package dev.bahe.encoders;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts an ONNX BERT graph after layer {@code k}: keeps only the nodes, initializers and inputs that the
 * layer-{@code k} hidden state needs, makes that tensor the only graph output ({@code float [B, T, d]}) and
 * re-serialises the {@code ModelProto}. All other model fields (IR version, opsets, producer) are copied as is.
 */
final class OnnxGraphCutter {

  private OnnxGraphCutter() {}

  /**
   * The tensor holding the hidden state after layer {@code k}: the input of layer {@code k}'s query MatMul for
   * {@code k < L}, the graph's output for {@code k = L}.
   */
  static String layerOutput(OnnxGraph graph, int k, int numLayers) {
    if (k == numLayers) {
      return graph.outputs().get(0).name();
    }
    String name = "/encoder/layer." + k + "/attention/self/query/MatMul";
    OnnxGraph.Node node = graph.node(name);
    if (node == null) {
      throw new IllegalArgumentException("ONNX file " + graph.source() + " has no node " + name
          + ": cannot find the hidden state after layer " + k);
    }
    return node.inputs().get(0);
  }

  /** The serialised model whose single output is {@code target}. */
  static byte[] cut(OnnxGraph graph, String target) {
    Map<String, OnnxGraph.Node> producer = new HashMap<>();
    for (OnnxGraph.Node n : graph.nodes()) {
      for (String out : n.outputs()) {
        producer.put(out, n);
      }
    }
    Set<OnnxGraph.Node> keep = new HashSet<>();
    Set<String> needed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(target));
    while (!todo.isEmpty()) {
      String t = todo.pop();
      if (!needed.add(t)) {
        continue;
      }
      OnnxGraph.Node p = producer.get(t);
      if (p != null && keep.add(p)) {
        todo.addAll(p.inputs());
      }
    }
    if (!producer.containsKey(target)) {
      throw new IllegalArgumentException("no node of ONNX file " + graph.source() + " produces tensor " + target);
    }
    byte[] bytes = graph.bytes();
    try {
      ByteArrayOutputStream graphBytes = new ByteArrayOutputStream();
      CodedOutputStream g = CodedOutputStream.newInstance(graphBytes);
      Map<Integer, OnnxGraph.Node> nodeAt = new HashMap<>();
      for (OnnxGraph.Node n : graph.nodes()) {
        nodeAt.put(n.field().offset(), n);
      }
      Map<Integer, OnnxGraph.Initializer> initAt = new HashMap<>();
      for (OnnxGraph.Initializer i : graph.initializers().values()) {
        initAt.put(i.field().offset(), i);
      }
      Map<Integer, OnnxGraph.ValueInfo> inputAt = new HashMap<>();
      for (OnnxGraph.ValueInfo v : graph.inputs()) {
        inputAt.put(v.field().offset(), v);
      }
      for (ProtoFields.Field f : graph.graphFields()) {
        boolean copy = switch (f.number()) {
          case OnnxGraph.GRAPH_NODE -> keep.contains(nodeAt.get(f.offset()));
          case OnnxGraph.GRAPH_INITIALIZER -> needed.contains(initAt.get(f.offset()).name());
          case OnnxGraph.GRAPH_INPUT -> needed.contains(inputAt.get(f.offset()).name());
          case OnnxGraph.GRAPH_OUTPUT, OnnxGraph.GRAPH_VALUE_INFO -> false;
          default -> true;
        };
        if (copy) {
          write(g, bytes, f);
        }
      }
      g.writeByteArray(OnnxGraph.GRAPH_OUTPUT, floatOutput(target));
      g.flush();

      ByteArrayOutputStream model = new ByteArrayOutputStream(graphBytes.size() + 1024);
      CodedOutputStream m = CodedOutputStream.newInstance(model);
      for (ProtoFields.Field f : graph.modelFields()) {
        if (f.number() == OnnxGraph.MODEL_GRAPH) {
          m.writeByteArray(OnnxGraph.MODEL_GRAPH, graphBytes.toByteArray());
        } else {
          write(m, bytes, f);
        }
      }
      m.flush();
      return model.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ValueInfoProto{name = 1, type = 2: TypeProto{tensor_type = 1: {elem_type = 1 (FLOAT)}}}. */
  private static byte[] floatOutput(String name) throws IOException {
    ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
    CodedOutputStream t = CodedOutputStream.newInstance(tensorType);
    t.writeInt32(1, OnnxGraph.TENSOR_FLOAT);
    t.flush();
    ByteArrayOutputStream type = new ByteArrayOutputStream();
    CodedOutputStream ty = CodedOutputStream.newInstance(type);
    ty.writeByteArray(1, tensorType.toByteArray());
    ty.flush();
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    CodedOutputStream v = CodedOutputStream.newInstance(info);
    v.writeString(1, name);
    v.writeByteArray(2, type.toByteArray());
    v.flush();
    return info.toByteArray();
  }

  private static void write(CodedOutputStream out, byte[] bytes, ProtoFields.Field f) throws IOException {
    switch (f.wireType()) {
      case WireFormat.WIRETYPE_VARINT -> out.writeUInt64(f.number(), f.value());
      case WireFormat.WIRETYPE_FIXED64 -> out.writeFixed64(f.number(), f.value());
      case WireFormat.WIRETYPE_FIXED32 -> out.writeFixed32(f.number(), (int) f.value());
      case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
        out.writeTag(f.number(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(f.length());
        out.writeRawBytes(bytes, f.offset(), f.length());
      }
      default -> throw new IOException("unsupported wire type " + f.wireType());
    }
  }
}
