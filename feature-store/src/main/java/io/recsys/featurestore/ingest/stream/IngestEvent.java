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
 */
public record IngestEvent(String eventId, String userId, String itemId, InteractionType type, double value,
    long timestampMillis, String requestId) {
  public IngestEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    if (!Double.isFinite(value)) throw new IllegalArgumentException("value must be finite: " + value);
  }

  public FeatureEvent toFeatureEvent() {
    return new FeatureEvent(eventId, userId, itemId, type, timestampMillis);
  }

  /** As the features see it, accepted at {@code position} of the event stream (erasures fence by it). */
  public FeatureEvent toFeatureEvent(StreamPosition position) {
    return new FeatureEvent(eventId, userId, itemId, type, timestampMillis, position);
  }
}
