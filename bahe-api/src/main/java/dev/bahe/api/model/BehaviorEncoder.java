package dev.bahe.api.model;

import java.util.List;

/**
 * The frozen lower part of the backbone followed by pooling: texts to one {@code d}-vector each. This is
 * Atomic Behaviour Encoding (ABE); its output fills the behaviour store. Implementations batch by token length
 * and cap tokens per batch so memory stays bounded. Thread-safe unless stated otherwise; owns its native
 * resources until {@link #close()}.
 */
public interface BehaviorEncoder extends AutoCloseable {

  EncoderIdentity identity();

  /** Vector dimension {@code d}. */
  default int dimension() {
    return identity().dimension();
  }

  /**
   * Encodes texts (already normalised) to row-major vectors {@code [texts.size(), d]}, in input order.
   */
  float[] encode(List<String> texts);

  @Override
  void close();
}
