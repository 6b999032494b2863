package io.recsys.featurestore.store;

import io.recsys.core.dataset.InteractionType;
import java.util.Objects;

/**
 * One entry of a user's recent history.
 *
 * @param itemId the item interacted with
 * @param type what happened
 * @param timestampMillis when, epoch milliseconds
 */
public record HistoryEntry(String itemId, InteractionType type, long timestampMillis) {
  public HistoryEntry {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    if (itemId.isEmpty()) throw new IllegalArgumentException("itemId is empty");
  }
}
