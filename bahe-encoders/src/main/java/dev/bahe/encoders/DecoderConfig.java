package dev.bahe.encoders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Sizes of a LLaMA / Qwen2 decoder read from a Hugging Face {@code config.json}.
 *
 * @param architecture {@code "llama"} or {@code "qwen2"}
 * @param numLayers layers {@code L}
 * @param hiddenSize hidden size {@code d}
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention; divides {@code numHeads})
 * @param headDim size of one head
 * @param intermediateSize MLP size
 * @param vocabSize embedding rows
 * @param maxPositions longest supported sequence
 * @param rmsNormEps RMSNorm epsilon
 * @param ropeTheta rotary base
 * @param qkvBias whether q, k, v projections have biases (Qwen2; LLaMA with {@code attention_bias})
 */
record DecoderConfig(String architecture, int numLayers, int hiddenSize, int numHeads, int numKvHeads, int headDim,
    int intermediateSize, int vocabSize, int maxPositions, float rmsNormEps, double ropeTheta, boolean qkvBias) {

  /** {@code architectures} value in config.json to family name. */
  static final Map<String, String> SUPPORTED = Map.of(
      "LlamaForCausalLM", "llama", "LlamaModel", "llama",
      "Qwen2ForCausalLM", "qwen2", "Qwen2Model", "qwen2");

  DecoderConfig {
    if (numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException("num_attention_heads " + numHeads + " is not a multiple of"
          + " num_key_value_heads " + numKvHeads);
    }
  }

  static DecoderConfig read(Path configJson) {
    if (!Files.isRegularFile(configJson)) {
      throw new IllegalArgumentException("config.json not found: " + configJson.toAbsolutePath());
    }
    JsonNode c;
    try {
      c = new ObjectMapper().readTree(configJson.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt config file " + configJson + ": " + e.getMessage(), e);
    }
    JsonNode archs = c.get("architectures");
    String arch = archs != null && archs.isArray() && archs.size() > 0 ? archs.get(0).asText() : "(none)";
    String family = SUPPORTED.get(arch);
    if (family == null) {
      throw new IllegalArgumentException("unsupported architecture '" + arch + "' in " + configJson
          + "; supported architectures: " + new java.util.TreeSet<>(SUPPORTED.keySet()));
    }
    JsonNode scaling = c.get("rope_scaling");
    if (scaling != null && !scaling.isNull()) {
      throw new IllegalArgumentException("rope_scaling " + scaling + " in " + configJson + " is not supported;"
          + " only plain rotary embeddings are");
    }
    int hidden = required(c, "hidden_size", configJson);
    int heads = required(c, "num_attention_heads", configJson);
    int kv = c.has("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
    int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? c.get("head_dim").asInt() : hidden / heads;
    boolean bias = family.equals("qwen2") || c.path("attention_bias").asBoolean(false);
    return new DecoderConfig(family, required(c, "num_hidden_layers", configJson), hidden, heads, kv, headDim,
        required(c, "intermediate_size", configJson), required(c, "vocab_size", configJson),
        c.path("max_position_embeddings").asInt(4096), (float) c.path("rms_norm_eps").asDouble(1e-6),
        c.path("rope_theta").asDouble(10000.0), bias);
  }

  private static int required(JsonNode c, String field, Path file) {
    JsonNode v = c.get(field);
    if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
      throw new IllegalArgumentException("config " + file + ": field '" + field + "' missing or not a positive"
          + " integer");
    }
    return v.asInt();
  }

  static List<String> supportedArchitectures() {
    return List.copyOf(new java.util.TreeSet<>(SUPPORTED.keySet()));
  }
}
