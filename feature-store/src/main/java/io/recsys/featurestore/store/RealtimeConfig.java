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
 */
public record RealtimeConfig(Duration dedupWindow, AdmissionConfig admission) {
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(30);

  public RealtimeConfig {
    Objects.requireNonNull(admission, "admission");
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      throw new IllegalArgumentException("dedupWindow must be positive: " + dedupWindow);
    }
  }

  public static RealtimeConfig defaults() {
    return new RealtimeConfig(DEFAULT_DEDUP_WINDOW, AdmissionConfig.defaults());
  }
}
