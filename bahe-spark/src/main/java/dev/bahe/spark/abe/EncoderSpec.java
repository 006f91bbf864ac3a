package dev.bahe.spark.abe;

import dev.bahe.api.config.BackboneOptions;
import dev.bahe.api.config.EncoderOptions;
import java.io.Serializable;
import org.apache.spark.SparkFiles;

/**
 * What an executor needs to open the frozen lower part: the backbone and encoder options of the configuration,
 * serialisable, and where the model file is. A bundled model ({@code minilm}, {@code classpath:} resources) travels
 * inside the job jar; a model file given by path is shipped with the job ({@code SparkContext.addFile}) and found on
 * each executor under its file name ({@link SparkFiles#get}), never broadcast as bytes.
 *
 * @param backboneName backbone registry name
 * @param backbonePath the model path as configured (empty for a bundled model)
 * @param shippedName the file name of the shipped model, or null when the model is bundled
 * @param backboneSplit {@code backbone.splitLayer}
 * @param encoderName encoder registry name (must be {@code onnx})
 * @param splitLayer {@code encoder.splitLayer}
 * @param pooling pooling name
 * @param maxTokens {@code K}
 * @param maxTokensPerBatch padded tokens per forward pass
 */
public record EncoderSpec(String backboneName, String backbonePath, String shippedName, int backboneSplit,
    String encoderName, int splitLayer, String pooling, int maxTokens, int maxTokensPerBatch)
    implements Serializable {

  public static EncoderSpec of(BackboneOptions backbone, EncoderOptions encoder, String shippedName) {
    return new EncoderSpec(backbone.name(), backbone.path(), shippedName, backbone.splitLayer(), encoder.name(),
        encoder.splitLayer(), encoder.pooling(), encoder.maxTokens(), encoder.maxTokensPerBatch());
  }

  /** The backbone options on this JVM: a shipped model resolves to its local copy. */
  BackboneOptions backboneHere() {
    String path = shippedName == null ? backbonePath : SparkFiles.get(shippedName);
    return new BackboneOptions(backboneName, path, backboneSplit);
  }

  EncoderOptions encoder() {
    return new EncoderOptions(encoderName, splitLayer, pooling, maxTokens, maxTokensPerBatch);
  }
}
