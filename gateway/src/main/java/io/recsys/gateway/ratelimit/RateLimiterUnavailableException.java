package io.recsys.gateway.ratelimit;

/**
 * The rate limiter's shared store could not decide: Redis failed, was unreachable, or did not answer
 * within the limiter's command timeout. {@link FailoverRateLimiter} answers with the local bucket then.
 */
public final class RateLimiterUnavailableException extends RuntimeException {
  public RateLimiterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
