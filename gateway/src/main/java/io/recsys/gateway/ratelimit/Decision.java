package io.recsys.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limiter's answer for one call. Immutable.
 *
 * @param allowed whether the call may go ahead (it took a permit)
 * @param remaining whole permits left in the bucket after this call, at least 0
 * @param retryAfter for a refused call, how long until the bucket holds a whole permit again
 *     (positive); {@link Duration#ZERO} for an allowed one
 */
public record Decision(boolean allowed, long remaining, Duration retryAfter) {
  public Decision {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (remaining < 0) throw new IllegalArgumentException("remaining must not be negative: " + remaining);
    if (allowed && !retryAfter.isZero()) throw new IllegalArgumentException("an allowed call has no retryAfter: " + retryAfter);
    if (!allowed && !retryAfter.isPositive()) throw new IllegalArgumentException("a refused call needs a positive retryAfter: " + retryAfter);
  }

  public static Decision allow(long remaining) {
    return new Decision(true, remaining, Duration.ZERO);
  }

  public static Decision refuse(long remaining, Duration retryAfter) {
    return new Decision(false, remaining, retryAfter);
  }

  /** {@code retryAfter} in whole seconds, rounded up and at least 1, as the {@code Retry-After} header wants it. */
  public long retryAfterSeconds() {
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
