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
 */
public record Interaction(String userId, String itemId, InteractionType type, float value, long timestampMillis) {
  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    if (userId.isEmpty()) throw new IllegalArgumentException("userId is empty");
    if (itemId.isEmpty()) throw new IllegalArgumentException("itemId is empty");
    if (!Float.isFinite(value)) throw new IllegalArgumentException("value is not a finite number: " + value);
  }
}
