package io.recsys.featurestore.store;

import java.util.Objects;

/**
 * {@code count} events of one kind on one item at one time.
 *
 * @param itemId the item
 * @param counter which counter the events go to
 * @param count how many events, at least 1
 * @param timestampMillis when they happened, epoch milliseconds
 */
public record CounterUpdate(String itemId, ItemCounter counter, long count, long timestampMillis) {
  public CounterUpdate {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(counter, "counter");
    if (itemId.isEmpty()) throw new IllegalArgumentException("itemId is empty");
    if (count < 1) throw new IllegalArgumentException("count must be >= 1: " + count);
  }
}
