package dev.bahe.examples.data;

import java.util.List;

/**
 * The hidden state of one synthetic user, known to the generator and to tests, never to a model.
 *
 * @param userId the user
 * @param longTermTopic the stable interest; it shows in the user's older behaviours mostly
 * @param phases the drifting short-term interests, in time order; each lasts until the next one starts
 */
public record SyntheticUser(String userId, String longTermTopic, List<Phase> phases) {

  public SyntheticUser {
    phases = List.copyOf(phases);
  }

  /**
   * One short-term interest phase.
   *
   * @param start first timestamp of the phase
   * @param topic the topic the user is into during it
   */
  public record Phase(long start, String topic) {}

  /** Index of the phase active at {@code timestamp}. */
  int phaseIndex(long timestamp) {
    int i = 0;
    while (i + 1 < phases.size() && phases.get(i + 1).start() <= timestamp) {
      i++;
    }
    return i;
  }

  /** The short-term topic at {@code timestamp}. */
  public String currentTopic(long timestamp) {
    return phases.get(phaseIndex(timestamp)).topic();
  }

  /** The short-term topic of the phase before the one active at {@code timestamp}, or null. */
  public String previousTopic(long timestamp) {
    int i = phaseIndex(timestamp);
    return i == 0 ? null : phases.get(i - 1).topic();
  }
}
