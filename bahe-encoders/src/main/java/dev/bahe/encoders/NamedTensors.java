package dev.bahe.encoders;

/**
 * A source of float tensors by their Hugging Face name (e.g. {@code encoder.layer.0.attention.self.query.weight}),
 * linear weights in PyTorch layout {@code [out, in]}. Implementations name their file in every error.
 */
interface NamedTensors {

  /** Where the tensors come from, for messages and provenance. */
  String source();

  /**
   * The row-major values of tensor {@code name}, checked against {@code expectedShape}.
   *
   * @throws IllegalArgumentException naming the source and tensor if it is missing, unreadable, or of another
   *     shape (expected vs found)
   */
  float[] get(String name, long... expectedShape);

  /** Whether a tensor of that name exists. */
  boolean contains(String name);

  static IllegalArgumentException shapeMismatch(String source, String name, long[] expected, long[] found) {
    return new IllegalArgumentException("tensor '" + name + "' in " + source + ": expected shape "
        + java.util.Arrays.toString(expected) + " but found " + java.util.Arrays.toString(found));
  }
}
