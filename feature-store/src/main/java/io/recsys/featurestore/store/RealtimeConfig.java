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
 */
public record RealtimeConfig(Duration dedupWindow, AdmissionConfig admission, MixtureRefreshConfig mixture) {
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(30);

  public RealtimeConfig {
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(mixture, "mixture");
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      throw new IllegalArgumentException("dedupWindow must be positive: " + dedupWindow);
    }
  }

  /** With the default mixture refresh. */
  public RealtimeConfig(Duration dedupWindow, AdmissionConfig admission) {
    this(dedupWindow, admission, MixtureRefreshConfig.defaults());
  }

  public static RealtimeConfig defaults() {
    return new RealtimeConfig(DEFAULT_DEDUP_WINDOW, AdmissionConfig.defaults());
  }

  public RealtimeConfig withMixture(MixtureRefreshConfig mixture) {
    return new RealtimeConfig(dedupWindow, admission, mixture);
  }
}
