package io.recsys.core.dataset;

import java.util.Map;
import java.util.Objects;

/**
 * User attributes (age, gender, occupation, ...), by name, as the source wrote them.
 *
 * @param userId the user's id as the source wrote it
 * @param attributes attribute values by name
 */
public record User(String userId, Map<String, String> attributes) {
  public User {
    Objects.requireNonNull(userId, "userId");
    if (userId.isEmpty()) throw new IllegalArgumentException("userId is empty");
    attributes = Map.copyOf(attributes);
  }
}
