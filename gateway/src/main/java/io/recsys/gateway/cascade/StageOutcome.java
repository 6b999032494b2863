package io.recsys.gateway.cascade;

/** How one stage call ended; the {@code outcome} tag of {@code gateway.stage} timers. */
public enum StageOutcome {
  /** Answered 2xx within its budget. */
  OK,
  /** Its budget ran out (Resilience4j TimeLimiter). */
  TIMEOUT,
  /** Connection failure or 5xx, after the retries the budget allowed. */
  ERROR,
  /** Answered 4xx: the gateway sent something the stage refuses (e.g. an unknown model version); not retried. */
  REJECTED,
  /** Its circuit breaker is open: not called. */
  CIRCUIT_OPEN,
  /** Its bulkhead is full: not called. */
  BULKHEAD_FULL,
  /** Not called: not deployed, or too little of the request's budget left. */
  SKIPPED;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
