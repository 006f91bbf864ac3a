package dev.bahe.core.model;

/**
 * The stored behaviours an alignment fits the upper layers on, row-major {@code [size, dimension]}.
 *
 * @param size number of stored behaviours
 * @param dimension {@code d}
 * @param vectors each behaviour's lower-part vector from the store (the upper layers' input)
 * @param targets the whole backbone's pooled output of each behaviour's text (what the upper layers should give)
 */
public record AlignmentCorpus(int size, int dimension, float[] vectors, float[] targets) {

  public AlignmentCorpus {
    if (size < 0 || dimension <= 0 || vectors.length != (long) size * dimension
        || targets.length != (long) size * dimension) {
      throw new IllegalArgumentException("an alignment corpus of " + size + " behaviours of dimension " + dimension
          + " needs " + (long) size * dimension + " values each, got " + vectors.length + " and " + targets.length);
    }
  }
}
