package io.recsys.featurestore.store;

import java.util.List;

/**
 * Applies ingested events to real-time features exactly once in effect: the user side (history push,
 * TTL refresh) and the item side (decayed counters and raw counts, admission count) of each event are
 * each applied atomically together with that side's de-duplication marker, so an event applied again
 * within {@link RealtimeConfig#dedupWindow()} — after a consumer crashed between applying and
 * acknowledging, or a client retried — changes nothing. The two sides are separate atomic units because
 * a user and an item live in different Redis Cluster slots; a crash between them is repaired by the
 * redelivery, which applies only the missing side.
 *
 * <p>Two implementations, one contract ({@code FeatureStoreContract}): {@code RedisRealtimeFeatureWriter}
 * (one Lua script per user and per item of a batch, all in one round trip) and
 * {@code InMemoryRealtimeFeatureWriter}. Thread-safe. Backend failures surface as
 * {@link FeatureStoreException}; then nothing or part of the batch was applied, and applying the whole
 * batch again is safe. When the backend refuses some users or items of the batch (an error reply for
 * that entity) the call throws {@link PartiallyAppliedException}, which holds exactly what the rest of
 * the batch changed — the only record of the admissions it caused.
 */
public interface RealtimeFeatureWriter {
  /** Applies a batch; events are applied in list order per user and per item. */
  AppliedEvents apply(List<FeatureEvent> events);
}
