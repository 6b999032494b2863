package io.recsys.featurestore.store;

import io.recsys.core.dataset.InteractionType;
import java.util.Objects;

/**
 * One ingested interaction, as the real-time features see it: it goes to the user's history and, by
 * type, to the item's counters and admission count. {@code eventId} is the client's idempotency key:
 * an event applied twice (a redelivered stream entry, a client retry) counts once within the
 * de-duplication window ({@link RealtimeConfig#dedupWindow()}).
 *
 * @param eventId the client's unique id of this event
 * @param userId who
 * @param itemId on what
 * @param type what happened
 * @param timestampMillis when, epoch milliseconds
 * @param accepted where the event stream accepted it, or null when it did not come through the stream
 *     (then no erasure fences it off: it counts as written now)
 * @param propensity the probability with which the re-ranker showed the item there, as the client sent it
 *     back ({@link #isPropensity}), or null when it sent none; kept for inverse-propensity weighting,
 *     not used by the features
 */
public record FeatureEvent(String eventId, String userId, String itemId, InteractionType type, long timestampMillis,
    StreamPosition accepted, Double propensity) {
  /**
   * The smallest propensity taken: below it (the subnormal doubles) the inverse-propensity weight 1/p
   * may overflow to infinity, which would poison a training loss as surely as 0 would.
   */
  public static final double MIN_PROPENSITY = Double.MIN_NORMAL;

  /** An event that did not come through the event stream. */
  public FeatureEvent(String eventId, String userId, String itemId, InteractionType type, long timestampMillis) {
    this(eventId, userId, itemId, type, timestampMillis, null, null);
  }

  /** An event without a propensity. */
  public FeatureEvent(String eventId, String userId, String itemId, InteractionType type, long timestampMillis,
      StreamPosition accepted) {
    this(eventId, userId, itemId, type, timestampMillis, accepted, null);
  }

  public FeatureEvent {
    Objects.requireNonNull(type, "type");
    requireId("eventId", eventId);
    requireId("userId", userId);
    requireId("itemId", itemId);
    if (propensity != null && !isPropensity(propensity)) throw new IllegalArgumentException("not a propensity: " + propensity);
  }

  /** Whether {@code p} is a usable propensity: a probability in (0, 1], at least {@link #MIN_PROPENSITY}; NaN is not. */
  public static boolean isPropensity(double p) {
    return p >= MIN_PROPENSITY && p <= 1;
  }

  /** The counter this event adds to, or null for a rating (history only: its depth is its value). */
  public ItemCounter counter() {
    return switch (type) {
      case IMPRESSION -> ItemCounter.IMPRESSIONS;
      case CLICK -> ItemCounter.CLICKS;
      case FAVOURITE -> ItemCounter.FAVOURITES;
      case CART -> ItemCounter.CARTS;
      case PURCHASE -> ItemCounter.PURCHASES;
      case RATING -> null;
    };
  }

  public HistoryEntry historyEntry() {
    return new HistoryEntry(itemId, type, timestampMillis);
  }

  private static void requireId(String name, String id) {
    Objects.requireNonNull(id, name);
    if (id.isEmpty()) throw new IllegalArgumentException(name + " is empty");
  }
}
