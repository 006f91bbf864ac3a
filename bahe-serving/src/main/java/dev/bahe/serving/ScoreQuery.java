package dev.bahe.serving;

import dev.bahe.api.data.Behavior;
import java.util.List;

/**
 * A validated score request: whose behaviours (a kept user by id, inline behaviours, or both: the inline ones are
 * added to the kept history for this request only), which candidates, at which time. Only behaviours strictly
 * before {@code time} are used.
 *
 * @param userId the user whose kept history is used, or null for inline behaviours only
 * @param behaviors inline behaviours in time order (may be empty)
 * @param candidates 1 to {@code maxCandidates} candidates
 * @param time the exposure time, the unit of the behaviour timestamps
 */
public record ScoreQuery(String userId, List<Behavior> behaviors, List<Candidate> candidates, long time) {

  public ScoreQuery {
    behaviors = List.copyOf(behaviors);
    candidates = List.copyOf(candidates);
  }
}
