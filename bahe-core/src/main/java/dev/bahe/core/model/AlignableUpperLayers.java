package dev.bahe.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * BAHE's trainable upper layers as the alignment before click training sees them
 * ({@link dev.bahe.core.config.AlignmentOptions}): the stored behaviours with their whole-backbone targets, and the
 * upper layers over sequences of stored vectors, the way they read a user's per-type sequence.
 */
public interface AlignableUpperLayers {

  /**
   * Every stored behaviour's lower-part vector and the whole backbone's pooled output of its text, in key order.
   * Runs the backbone in inference mode; call it before anything trains the upper layers.
   */
  default AlignmentCorpus corpus(NDManager manager) {
    return corpus(Integer.MAX_VALUE, 0L, manager);
  }

  /**
   * As {@link #corpus(NDManager)}, for at most {@code maxBehaviours} stored behaviours: all of them when the store
   * holds no more, else a sample drawn with {@code seed} (an alignment reads no more than its steps can use, so a
   * store of millions is not run through the whole backbone for it).
   */
  AlignmentCorpus corpus(int maxBehaviours, long seed, NDManager manager);

  /** {@code M}: the longest sequence of stored vectors the upper layers read (one per behaviour position). */
  int maxSequenceLength();

  /**
   * The upper layers' output states {@code [R, S, d]} over {@code vectors [R, S, d]} of stored vectors, every
   * position real, with the behaviour positions {@code 0..S-1} added as for a user's sequence.
   */
  NDArray states(ParameterStore ps, NDArray vectors, boolean training);
}
