package io.recsys.featurestore.ingest.stream;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.StreamPosition;
import java.util.Objects;

/**
 * One validated event of {@code POST /v1/events}, as it is appended to the stream.
 *
 * @param eventId the client's idempotency key
 * @param userId who
 * @param itemId on what
 * @param type what happened
 * @param value the rating, or the event's weight (1 when the client sent none)
 * @param timestampMillis when, epoch milliseconds
 * @param requestId the recommendation request that showed the item, or null
 * @param propensity the probability with which the re-ranker showed the item at that slot, as its
 *     response said and the client sent back ({@link FeatureEvent#isPropensity}), or null when none was sent
 */
public record IngestEvent(String eventId, String userId, String itemId, InteractionType type, double value,
    long timestampMillis, String requestId, Double propensity) {
  /** An event without a propensity. */
  public IngestEvent(String eventId, String userId, String itemId, InteractionType type, double value,
      long timestampMillis, String requestId) {
    this(eventId, userId, itemId, type, value, timestampMillis, requestId, null);
  }

  public IngestEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    if (!Double.isFinite(value)) throw new IllegalArgumentException("value must be finite: " + value);
    if (propensity != null && !FeatureEvent.isPropensity(propensity)) {
      throw new IllegalArgumentException("propensity must lie in (0, 1]: " + propensity);
    }
  }

  public FeatureEvent toFeatureEvent() {
    return new FeatureEvent(eventId, userId, itemId, type, timestampMillis, null, propensity);
  }

  /** As the features see it, accepted at {@code position} of the event stream (erasures fence by it). */
  public FeatureEvent toFeatureEvent(StreamPosition position) {
    return new FeatureEvent(eventId, userId, itemId, type, timestampMillis, position, propensity);
  }
}
