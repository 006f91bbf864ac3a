package dev.bahe.core.train;

/**
 * Training stopped because the loss (or the gradient norm) of a step was NaN or infinite, more often than
 * {@code training.maxSkippedSteps} allows. Thrown before that step's update, so the parameters still hold the
 * values of the previous step. Usual causes: a learning rate too high, non-finite input features, or a corrupt
 * behaviour vector.
 */
public class NonFiniteLossException extends ArithmeticException {

  private final String what;
  private final long step;
  private final int epoch;
  private final double value;

  /**
   * @param what {@code "loss"} or {@code "gradient norm"}
   * @param step the 1-based optimizer step that produced it
   * @param epoch the 1-based epoch
   * @param value the offending value
   */
  public NonFiniteLossException(String what, long step, int epoch, double value) {
    super("non-finite " + what + " (" + value + ") at step " + step + " of epoch " + epoch
        + "; training stopped before applying this step");
    this.what = what;
    this.step = step;
    this.epoch = epoch;
    this.value = value;
  }

  /** What was non-finite: {@code "loss"} or the gradient norm with the parameters concerned. */
  public String what() {
    return what;
  }

  /** 1-based optimizer step. */
  public long step() {
    return step;
  }

  /** 1-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** The non-finite value. */
  public double value() {
    return value;
  }
}
