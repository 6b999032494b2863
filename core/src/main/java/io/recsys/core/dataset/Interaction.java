package io.recsys.core.dataset;

import java.util.Objects;

/**
 * One user-item interaction in the dataset's own id space.
 *
 * @param userId the user's id as the source wrote it
 * @param itemId the item's id as the source wrote it
 * @param type what happened
 * @param value the rating for {@link InteractionType#RATING}, otherwise a weight (1 by default)
 * @param timestampMillis when it happened, epoch milliseconds (UTC)
 * @param sessionId the session it happened in, as the source wrote it; empty when the source has none
 *     (or when its sessions are the users)
 */
public record Interaction(String userId, String itemId, InteractionType type, float value, long timestampMillis,
    String sessionId) {
  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    if (userId.isEmpty()) throw new IllegalArgumentException("userId is empty");
    if (itemId.isEmpty()) throw new IllegalArgumentException("itemId is empty");
    if (!Float.isFinite(value)) throw new IllegalArgumentException("value is not a finite number: " + value);
  }

  /** An interaction without a session id: what every source but a mapped one with a session column gives. */
  public Interaction(String userId, String itemId, InteractionType type, float value, long timestampMillis) {
    this(userId, itemId, type, value, timestampMillis, "");
  }
}
