package io.recsys.featurestore.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How ingested events are applied to real-time features. Immutable.
 *
 * @param dedupWindow how long an applied event id is remembered, per user and per item; a redelivery
 *     or client retry of the same id within it changes nothing. It must exceed the longest time an
 *     event can wait for redelivery (the stream's reclaim threshold times its delivery limit). The
 *     markers cost memory: about {@code events/s × window × 2 × ~100 bytes}.
 * @param admission when a new item counts as admitted (its admission count lives with the item)
 * @param mixture how positive events move the user's interest-mixture weights
 * @param entitiesPerCall at most this many users (or items) per script call on Redis: fewer calls
 *     cost Redis less per event (the per-call overhead of {@code EVALSHA} was most of its time with one
 *     entity per call), but one call holds the single-threaded server for its whole run, so the number
 *     bounds the latency a batch adds to other clients' commands (64 users ≈ 1 ms on the benchmark VM)
 */
public record RealtimeConfig(Duration dedupWindow, AdmissionConfig admission, MixtureRefreshConfig mixture,
    int entitiesPerCall) {
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(30);
  public static final int DEFAULT_ENTITIES_PER_CALL = 64;

  public RealtimeConfig {
    if (entitiesPerCall < 1) throw new IllegalArgumentException("entitiesPerCall must be >= 1: " + entitiesPerCall);
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(mixture, "mixture");
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      throw new IllegalArgumentException("dedupWindow must be positive: " + dedupWindow);
    }
  }

  /** With the default number of entities per call. */
  public RealtimeConfig(Duration dedupWindow, AdmissionConfig admission, MixtureRefreshConfig mixture) {
    this(dedupWindow, admission, mixture, DEFAULT_ENTITIES_PER_CALL);
  }

  /** With the default mixture refresh. */
  public RealtimeConfig(Duration dedupWindow, AdmissionConfig admission) {
    this(dedupWindow, admission, MixtureRefreshConfig.defaults());
  }

  public static RealtimeConfig defaults() {
    return new RealtimeConfig(DEFAULT_DEDUP_WINDOW, AdmissionConfig.defaults());
  }

  public RealtimeConfig withMixture(MixtureRefreshConfig mixture) {
    return new RealtimeConfig(dedupWindow, admission, mixture, entitiesPerCall);
  }

  public RealtimeConfig withEntitiesPerCall(int entitiesPerCall) {
    return new RealtimeConfig(dedupWindow, admission, mixture, entitiesPerCall);
  }
}
