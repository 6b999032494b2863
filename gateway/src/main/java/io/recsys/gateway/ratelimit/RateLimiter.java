package io.recsys.gateway.ratelimit;

/**
 * Decides whether one call of a client may go ahead now, under a {@link RateLimit} (a token bucket per
 * key). Implementations are thread-safe.
 */
public interface RateLimiter {
  /**
   * Takes one permit from {@code key}'s bucket if it holds one.
   *
   * @param key the client, e.g. an API key's name; buckets of different keys are independent
   * @param limit the bucket's shape; a key's limit may change between calls (the bucket keeps its
   *     tokens, capped at the new burst)
   */
  Decision tryAcquire(String key, RateLimit limit);
}
