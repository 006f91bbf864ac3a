package dev.bahe.serving;

import dev.bahe.api.data.Behavior;
import java.util.List;

/**
 * A validated events request: behaviours of one user to append to the history the service keeps.
 *
 * @param userId the user
 * @param behaviors at least one behaviour, in time order
 */
public record EventBatch(String userId, List<Behavior> behaviors) {

  public EventBatch {
    behaviors = List.copyOf(behaviors);
  }
}
