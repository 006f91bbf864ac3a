package dev.bahe.api.store;

import dev.bahe.api.model.EncoderIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a behaviour store holds, written with its data. A store opened with different metadata than it was
 * created with refuses to open: vectors from another encoder must never mix.
 *
 * @param encoder identity of the encoder that produced the vectors
 * @param dtype storage type of vector components, {@code "float32"} or {@code "float16"}
 */
public record StoreMetadata(EncoderIdentity encoder, String dtype) {

  public StoreMetadata {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(dtype, "dtype");
  }

  public int dimension() {
    return encoder.dimension();
  }

  /**
   * The fields that differ from {@code other}, each as {@code "field: this-value != other-value"}; empty when
   * equal.
   */
  public List<String> differences(StoreMetadata other) {
    List<String> diffs = new ArrayList<>();
    EncoderIdentity a = encoder;
    EncoderIdentity b = other.encoder;
    diff(diffs, "modelName", a.modelName(), b.modelName());
    diff(diffs, "weightsChecksum", a.weightsChecksum(), b.weightsChecksum());
    diff(diffs, "splitLayer", a.splitLayer(), b.splitLayer());
    diff(diffs, "pooling", a.pooling(), b.pooling());
    diff(diffs, "dimension", a.dimension(), b.dimension());
    diff(diffs, "maxTokens", a.maxTokens(), b.maxTokens());
    diff(diffs, "dtype", dtype, other.dtype);
    return diffs;
  }

  private static void diff(List<String> out, String field, Object mine, Object theirs) {
    if (!Objects.equals(mine, theirs)) {
      out.add(field + ": " + mine + " != " + theirs);
    }
  }
}
