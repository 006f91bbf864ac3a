package dev.bahe.encoders;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BERT weights from the initializers of a Hugging Face ONNX export. Biases, LayerNorms and embeddings keep their
 * Hugging Face names; a linear weight may be an unnamed {@code onnx::MatMul_N} stored {@code [in, out]}, found
 * through the MatMul node that consumes it (e.g. {@code /encoder/layer.0/attention/self/query/MatMul}) and
 * transposed to {@code [out, in]}.
 */
final class OnnxBertTensors implements NamedTensors {

  private static final Pattern LAYER = Pattern.compile("layer/(\\d+)");
  private static final Pattern LAYER_NORM = Pattern.compile("encoder\\.layer\\.(\\d+)\\.output\\.LayerNorm\\.weight");

  private final OnnxGraph graph;

  OnnxBertTensors(OnnxGraph graph) {
    this.graph = graph;
  }

  @Override
  public String source() {
    return "ONNX file " + graph.source();
  }

  @Override
  public boolean contains(String name) {
    return graph.initializers().containsKey(name) || matMulWeight(name) != null;
  }

  @Override
  public float[] get(String name, long... expectedShape) {
    OnnxGraph.Initializer direct = graph.initializers().get(name);
    if (direct != null) {
      checkShape(name, expectedShape, direct.dims());
      return graph.floats(name);
    }
    String weight = matMulWeight(name);
    if (weight == null) {
      throw new IllegalArgumentException("tensor '" + name + "' not found in " + source()
          + " (neither an initializer of that name nor a MatMul node consuming it)");
    }
    OnnxGraph.Initializer init = graph.initializers().get(weight);
    if (expectedShape.length != 2) {
      throw NamedTensors.shapeMismatch(source(), name, expectedShape, init.dims());
    }
    long[] transposed = init.dims().length == 2 ? new long[] {init.dims()[1], init.dims()[0]} : init.dims();
    checkShape(name + " (MatMul weight " + weight + ", transposed)", expectedShape, transposed);
    float[] inOut = graph.floats(weight);
    int in = (int) init.dims()[0];
    int out = (int) init.dims()[1];
    float[] outIn = new float[inOut.length];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        outIn[o * in + i] = inOut[i * out + o];
      }
    }
    return outIn;
  }

  /** Dimensions of an initializer by Hugging Face name, or {@code null}. */
  long[] dims(String name) {
    OnnxGraph.Initializer direct = graph.initializers().get(name);
    if (direct != null) {
      return direct.dims();
    }
    String w = matMulWeight(name);
    if (w != null) {
      long[] d = graph.initializers().get(w).dims();
      return new long[] {d[1], d[0]};
    }
    return null;
  }

  private void checkShape(String name, long[] expected, long[] found) {
    if (!Arrays.equals(expected, found)) {
      throw NamedTensors.shapeMismatch(source(), name, expected, found);
    }
  }

  /** The initializer holding linear weight {@code name} ({@code x.y.weight}) through its MatMul node. */
  private String matMulWeight(String name) {
    if (!name.endsWith(".weight")) {
      return null;
    }
    String module = name.substring(0, name.length() - ".weight".length());
    Matcher m = LAYER.matcher("/" + module.replace('.', '/') + "/MatMul");
    String nodeName = m.replaceAll("layer.$1");
    OnnxGraph.Node node = graph.node(nodeName);
    if (node == null || !node.opType().equals("MatMul")) {
      return null;
    }
    for (String input : node.inputs()) {
      OnnxGraph.Initializer init = graph.initializers().get(input);
      if (init != null && init.dims().length == 2) {
        return input;
      }
    }
    return null;
  }

  /** Infers the BERT sizes from the initializer shapes and the attention scale constant. */
  BertConfig inferConfig() {
    long[] word = require("embeddings.word_embeddings.weight");
    long[] pos = require("embeddings.position_embeddings.weight");
    long[] types = require("embeddings.token_type_embeddings.weight");
    int layers = 0;
    for (String n : graph.initializers().keySet()) {
      Matcher m = LAYER_NORM.matcher(n);
      if (m.matches()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    if (layers == 0) {
      throw new IllegalArgumentException("no encoder layers (encoder.layer.N.output.LayerNorm.weight) in " + source()
          + ": not a BERT-family export");
    }
    long[] ffn = require("encoder.layer.0.intermediate.dense.bias");
    int hidden = (int) word[1];
    int heads = inferHeads(hidden);
    return new BertConfig(layers, hidden, heads, (int) ffn[0], (int) word[0], (int) pos[0], (int) types[0], 1e-12f);
  }

  private long[] require(String name) {
    long[] d = dims(name);
    if (d == null) {
      throw new IllegalArgumentException("tensor '" + name + "' not found in " + source()
          + ": not a BERT-family export");
    }
    return d;
  }

  /** From the scaling constant of layer 0's attention scores: 1/sqrt(dh) (Mul) or sqrt(dh) (Div). */
  private int inferHeads(int hidden) {
    String prefix = "/encoder/layer.0/attention/self/";
    for (OnnxGraph.Node n : graph.nodes()) {
      if (!n.name().startsWith(prefix) || !(n.opType().equals("Div") || n.opType().equals("Mul"))) {
        continue;
      }
      for (String input : n.inputs()) {
        float[] c = graph.constantFloats(input);
        if (c == null || c.length != 1 || c[0] <= 0f) {
          continue;
        }
        double dh = n.opType().equals("Div") ? (double) c[0] * c[0] : 1.0 / ((double) c[0] * c[0]);
        long rounded = Math.round(dh);
        if (Math.abs(dh - rounded) < 1e-2 && rounded > 0 && hidden % rounded == 0) {
          return (int) (hidden / rounded);
        }
      }
    }
    throw new IllegalArgumentException("cannot infer the number of attention heads of " + source()
        + ": no attention scaling constant under " + prefix);
  }
}
