package io.recsys.gateway.cascade;

/**
 * A stage call that failed: {@code retryable} for connection failures and 5xx (the stage calls are
 * pure reads, so a second attempt is safe), not for 4xx, which the circuit breaker also ignores (a
 * request the stage refuses says nothing about the stage's health).
 */
public final class DownstreamException extends RuntimeException {
  private final int status;
  private final boolean retryable;

  public DownstreamException(String message, int status, boolean retryable, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.retryable = retryable;
  }

  /** The HTTP status, 0 when there was none (connection failure). */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }
}
