package io.recsys.gateway.ratelimit;

import java.time.Duration;

/**
 * One token bucket's state and the step that takes a permit from it: the algorithm both
 * {@link LocalTokenBucket} and {@link RedisTokenBucket}'s Lua script run, kept in one place so the two
 * agree to the last permit (the contract test runs the same scenarios against both). Immutable.
 *
 * @param tokens permits in the bucket, fractional (refill is continuous), between 0 and the burst
 * @param updatedMillis the clock time (epoch milliseconds) the tokens were counted at
 */
record BucketState(double tokens, long updatedMillis) {
  /**
   * Slack when asking for a whole permit: {@code retryAfter} is rounded up to whole milliseconds, and
   * a client that waits exactly that long must find its permit despite floating-point rounding.
   */
  static final double EPSILON = 1e-9;

  BucketState {
    if (Double.isNaN(tokens) || tokens < 0) throw new IllegalArgumentException("tokens must not be negative: " + tokens);
  }

  /** A bucket seen for the first time is full: a new client may burst at once. */
  static BucketState full(RateLimit limit, long nowMillis) {
    return new BucketState(limit.burst(), nowMillis);
  }

  /** The outcome of one {@link #take}: the decision and the state to keep. */
  record Step(Decision decision, BucketState next) {}

  /**
   * Refills for the time since {@link #updatedMillis} and takes one permit if a whole one is there. A
   * clock that went backwards (another replica's, a step of NTP) refills nothing and never moves
   * {@code updatedMillis} back, so no time is counted twice.
   */
  Step take(RateLimit limit, long nowMillis) {
    double t = tokens;
    long at = updatedMillis;
    if (nowMillis > at) {
      t = t + (nowMillis - at) * limit.permitsPerSecond() / 1000;
      at = nowMillis;
    }
    t = Math.min(t, limit.burst()); // also when the key's burst was lowered since
    if (t >= 1 - EPSILON) {
      t = Math.max(0, t - 1);
      return new Step(Decision.allow((long) Math.floor(t + EPSILON)), new BucketState(t, at));
    }
    long waitMillis = Math.max(1, (long) Math.ceil((1 - t) * 1000 / limit.permitsPerSecond()));
    return new Step(Decision.refuse(0, Duration.ofMillis(waitMillis)), new BucketState(t, at));
  }

  /** Whether the bucket would be full by {@code nowMillis}: then forgetting it changes nothing. */
  boolean fullBy(RateLimit limit, long nowMillis) {
    return tokens + Math.max(0, nowMillis - updatedMillis) * limit.permitsPerSecond() / 1000 >= limit.burst() - EPSILON;
  }
}
