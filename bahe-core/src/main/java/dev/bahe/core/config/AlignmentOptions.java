package dev.bahe.core.config;

/**
 * The label-free alignment of BAHE's upper layers before click training ({@code alignment} in the YAML).
 *
 * <p>BAHE's upper layers were pretrained on token states and read one pooled lower-layer vector per behaviour.
 * Before the first training step of a fresh run, they are fitted for {@code steps} optimizer steps so that over
 * short sequences of stored vectors they output, at every position, the whole backbone's pooled output of that
 * behaviour's text — the sentence vector the item path (the title's tokens through every layer) already gives. It
 * reads the behaviour store and the backbone only: no label, no impression. Applies to {@code bahe}; the other
 * variants' upper layers read token states.
 *
 * @param steps optimizer steps of the alignment (0: none, the paper's BAHE)
 * @param maxLength longest sequence of stored vectors in an alignment batch; each batch draws its length from
 *     {@code 1..maxLength}
 * @param learningRate AdamW learning rate of the upper layers and the behaviour positions during the alignment
 */
public record AlignmentOptions(int steps, int maxLength, double learningRate) {

  /** No alignment. */
  public static final AlignmentOptions NONE = new AlignmentOptions(0, 8, 2e-4);

  public AlignmentOptions {
    if (steps < 0) {
      throw new IllegalArgumentException("alignment.steps must be >= 0, was " + steps);
    }
    if (maxLength <= 0) {
      throw new IllegalArgumentException("alignment.maxLength must be positive, was " + maxLength);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("alignment.learningRate must be a positive number, was " + learningRate);
    }
  }

  /** Whether any alignment step runs. */
  public boolean enabled() {
    return steps > 0;
  }
}
