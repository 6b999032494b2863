package io.recsys.gateway.ratelimit;

import java.time.Duration;

/**
 * A token bucket's shape: it refills at {@code permitsPerSecond} and holds at most {@code burst}
 * permits, so a client that has been quiet may send {@code burst} calls at once and then
 * {@code permitsPerSecond} on average. Immutable.
 *
 * @param permitsPerSecond the sustained rate; positive and at most {@link #MAX_PERMITS_PER_SECOND}
 * @param burst the bucket's capacity, at least 1: one call always fits in a full bucket
 */
public record RateLimit(double permitsPerSecond, int burst) {
  public static final double DEFAULT_PERMITS_PER_SECOND = 50;
  public static final int DEFAULT_BURST = 100;
  /** One permit per microsecond: beyond that the millisecond clock cannot tell refills apart. */
  public static final double MAX_PERMITS_PER_SECOND = 1_000_000;
  public static final int MAX_BURST = 1_000_000;

  /** 50 per second with bursts of 100: the limit of a key that names none. */
  public static final RateLimit DEFAULT = new RateLimit(DEFAULT_PERMITS_PER_SECOND, DEFAULT_BURST);

  public RateLimit {
    if (!(permitsPerSecond > 0) || permitsPerSecond > MAX_PERMITS_PER_SECOND || Double.isNaN(permitsPerSecond)) {
      throw new IllegalArgumentException("permitsPerSecond must be positive and at most " + (long) MAX_PERMITS_PER_SECOND
          + ": " + permitsPerSecond);
    }
    if (burst < 1 || burst > MAX_BURST) {
      throw new IllegalArgumentException("burst must be between 1 and " + MAX_BURST + " (a bucket must hold at least one call): " + burst);
    }
  }

  /** How long an empty bucket takes to fill up again. */
  public Duration fillTime() {
    return Duration.ofNanos((long) Math.ceil(burst / permitsPerSecond * 1e9));
  }
}
